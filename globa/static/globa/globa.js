/* Every page: keyboard focus where the person's work is, and wide tables that scroll inside a
   region of their own. The pages work without this script; it makes them easier to use from
   the keyboard and with a screen reader. */
(function () {
  "use strict";

  /* Focus: the server marks what should have it with data-focus — an error summary after a
     failed submit, a form that has just opened (its first field), the message after saving,
     the button that opens a form again after it closed. On a page load and after htmx puts
     new content in. */
  /* A summary's link to a field the page draws its own way (without that id) is plain text. */
  function checkSummaryLinks(root) {
    var links = (root || document).querySelectorAll(".form-errors a[href^='#']");
    Array.prototype.forEach.call(links, function (link) {
      if (!document.getElementById(link.getAttribute("href").slice(1))) {
        var text = document.createElement("span");
        text.textContent = link.textContent;
        link.replaceWith(text);
      }
    });
  }

  function focusMarked(root) {
    var marked = (root || document).querySelector("[data-focus]");
    if (!marked && root && root.matches && root.matches("[data-focus]")) { marked = root; }
    if (!marked) { return; }
    var target = marked;
    if (marked.tagName === "FORM") {
      target = marked.querySelector(
        "input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])"
      ) || marked;
    }
    marked.removeAttribute("data-focus");
    target.focus();
  }

  /* A table wider than its place scrolls sideways inside its frame; the frame then takes
     keyboard focus (so the arrow keys scroll it) and is a region named after the table's
     caption or heading ("Members: table"), a name of its own beside its section's. */
  var tableWord = document.documentElement.lang === "en" ? "table" : "lentelė";
  function heading(wrap) {
    var caption = wrap.querySelector("caption");
    if (caption) { return caption; }
    var labelled = wrap.closest("[aria-labelledby]");
    if (labelled) {
      var named = document.getElementById(labelled.getAttribute("aria-labelledby").split(" ")[0]);
      if (named) { return named; }
    }
    var all = Array.prototype.slice.call(document.querySelectorAll("main h1, main h2, main h3, main legend"));
    var before = all.filter(function (h) {
      return h.compareDocumentPosition(wrap) & Node.DOCUMENT_POSITION_FOLLOWING;
    });
    return before.length ? before[before.length - 1] : null;
  }
  function frameTables(root) {
    var wraps = (root || document).querySelectorAll(".table-wrap");
    var used = {};
    Array.prototype.forEach.call(wraps, function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        var named = heading(wrap);
        var text = named ? named.textContent.replace(/\s+/g, " ").trim() : "";
        var label = text ? text + ": " + tableWord : tableWord;
        used[label] = (used[label] || 0) + 1;
        // Two tables under one heading: "…: table 2".
        wrap.setAttribute("aria-label", used[label] > 1 ? label + " " + used[label] : label);
        wrap.setAttribute("role", "region");
        wrap.setAttribute("tabindex", "0");
      } else if (wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("role");
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("aria-label");
      }
    });
  }

  var resizing = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(function () { frameTables(document); }, 100);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    frameTables(document);
    checkSummaryLinks(document);
    focusMarked(event.target && event.target.isConnected ? event.target : document);
  });
  function ready() {
    frameTables(document);
    checkSummaryLinks(document);
    focusMarked(document);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
}());
