/* The assessment form saves as one goes (htmx posts the domain on every change). On a home
   visit the connection may drop: then the answers not yet saved are kept on this device,
   the status says so, and they are sent again as soon as the connection returns. Without
   this script the form still works: the buttons save. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.htmx) { return; }
  var key = "globa.assessment." + form.getAttribute("data-autosave");
  var pending = false;
  var retry = null;
  var messages = {
    lt: { offline: "Neišsaugota: nėra ryšio. Atsakymai laikomi šiame įrenginyje ir bus išsaugoti, kai ryšys grįš.",
          restored: "Atkurti šiame įrenginyje laikyti dar neišsaugoti atsakymai; jie siunčiami dabar." },
    en: { offline: "Not saved: no connection. Your answers are kept on this device and will be saved when the connection returns.",
          restored: "Answers kept on this device and not yet saved were restored; they are being sent now." }
  };
  var text = messages[document.documentElement.lang === "en" ? "en" : "lt"];

  function status(message, failed) {
    var box = document.getElementById("saving");
    if (!box) { return; }
    box.classList.toggle("failed", !!failed);
    box.textContent = "";
    var p = document.createElement("p");
    p.textContent = message;
    box.appendChild(p);
  }
  function keep() {
    var data = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") { data.push([name, value]); }
    });
    try { localStorage.setItem(key, JSON.stringify({ at: Date.now(), data: data })); } catch (e) { /* full or private */ }
  }
  function forget() {
    try { localStorage.removeItem(key); } catch (e) { /* nothing kept */ }
  }
  function send() {
    if (navigator.onLine !== false) { window.htmx.trigger(form, "change"); }
  }
  function failed() {
    pending = true;
    keep();
    status(text.offline, true);
    if (!retry) { retry = window.setInterval(send, 15000); }
  }
  form.addEventListener("change", keep);
  form.addEventListener("input", keep);
  form.addEventListener("htmx:sendError", failed);
  form.addEventListener("htmx:responseError", failed);
  form.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful) {
      pending = false;
      forget();
      if (retry) { window.clearInterval(retry); retry = null; }
    }
  });
  form.addEventListener("submit", forget);
  window.addEventListener("online", function () { if (pending) { send(); } });

  // Answers kept from a visit whose connection dropped: put them back and send them.
  var kept = null;
  try { kept = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { kept = null; }
  if (kept && kept.data && Date.now() - kept.at < 7 * 24 * 3600 * 1000) {
    kept.data.forEach(function (pair) {
      var fields = form.querySelectorAll("[name='" + pair[0].replace(/'/g, "") + "']");
      fields.forEach(function (field) {
        if (field.type === "radio" || field.type === "checkbox") {
          field.checked = field.value === pair[1];
        } else {
          field.value = pair[1];
        }
      });
    });
    status(text.restored, false);
    pending = true;
    send();
  } else {
    forget();
  }
})();
