/* The search box in the header: htmx fills the results below it as one types. This adds the
   keyboard: the down arrow goes from the box into the results, the arrows move between them,
   Escape closes them and returns to the box. Without it the results are a list of links
   reached with Tab, and without JavaScript the box opens the search page. */
(function () {
  "use strict";
  var box = document.getElementById("site-q");
  var results = document.getElementById("site-results");
  if (!box || !results) { return; }

  function links() { return Array.prototype.slice.call(results.querySelectorAll("a")); }

  // A plain list of links after the box (not a combobox): the box stays a search field
  // for assistive technology, and the results are announced by their live region.
  function close() { results.innerHTML = ""; }

  box.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && links().length) {
      event.preventDefault();
      links()[0].focus();
    } else if (event.key === "Escape") {
      close();
    }
  });

  results.addEventListener("keydown", function (event) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && at < all.length - 1) {
      event.preventDefault();
      all[at + 1].focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      if (at > 0) { all[at - 1].focus(); } else { box.focus(); }
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
      box.focus();
    }
  });

  // A click or focus elsewhere on the page closes the results.
  document.addEventListener("click", function (event) {
    if (!box.form.contains(event.target)) { close(); }
  });
  document.addEventListener("focusin", function (event) {
    if (!box.form.contains(event.target)) { close(); }
  });
})();
