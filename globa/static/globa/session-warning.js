/* A few minutes before an idle session ends, a dialog says so and offers to stay signed in
   (which renews the session on the server) or to log out now. Every request renews the
   session, so each page load and htmx request counts as activity; the tabs of one browser
   share it (localStorage), so a tab left open does not sign out a person working in another.
   When the time is up, the page logs out, so that no record stays on an unattended screen. */
(function () {
  "use strict";
  var dialog = document.getElementById("session-warning");
  if (!dialog || typeof dialog.showModal !== "function") { return; }
  var idle = Number(dialog.getAttribute("data-idle-seconds")) * 1000;
  var warn = Number(dialog.getAttribute("data-warn-seconds")) * 1000;
  var renewUrl = dialog.getAttribute("data-renew-url");
  var countdown = dialog.querySelector(".countdown");
  var failed = dialog.querySelector("[data-failed]");
  var stay = dialog.querySelector("[data-stay]");
  var leave = dialog.querySelector("[data-leave]");
  var key = "globa.session.activity";
  var local = Date.now();
  var timer = null;
  var returnFocus = null;
  var ended = false;

  function shared() {
    try { return Number(window.localStorage.getItem(key)) || 0; } catch (error) { return 0; }
  }

  function activity() {
    local = Date.now();
    try { window.localStorage.setItem(key, String(local)); } catch (error) { /* private mode */ }
    schedule();
  }

  function left() { return Math.max(local, shared()) + idle - Date.now(); }

  function show(remaining) {
    var seconds = Math.ceil(remaining / 1000);
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    countdown.textContent = minutes + ":" + (rest < 10 ? "0" : "") + rest;
    if (!dialog.open) {
      returnFocus = document.activeElement;
      failed.hidden = true;
      dialog.showModal();
      stay.focus();
    }
  }

  function hide() {
    if (dialog.open) {
      dialog.close();
      if (returnFocus && typeof returnFocus.focus === "function") { returnFocus.focus(); }
    }
  }

  function logOut() {
    if (ended) { return; }
    ended = true;
    clearTimeout(timer);
    var form = document.getElementById("logout-form");
    if (form) { form.submit(); } else { window.location.reload(); }
  }

  function schedule() {
    clearTimeout(timer);
    if (ended) { return; }
    var remaining = left();
    if (remaining <= 0) {
      logOut();
    } else if (remaining <= warn) {
      show(remaining);
      timer = setTimeout(schedule, Math.min(1000, remaining));
    } else {
      hide();
      timer = setTimeout(schedule, remaining - warn);
    }
  }

  stay.addEventListener("click", function () {
    var token = document.querySelector("#logout-form input[name=csrfmiddlewaretoken]");
    window.fetch(renewUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "", "Accept": "application/json" }
    }).then(function (response) {
      if (response.ok) {
        activity();
      } else {
        failed.hidden = false;
        if (response.status === 401) { logOut(); }
      }
    }).catch(function () { failed.hidden = false; });
  });
  leave.addEventListener("click", logOut);
  // Escape would only hide the warning, not keep the session: it keeps the session instead.
  dialog.addEventListener("cancel", function (event) { event.preventDefault(); stay.click(); });
  document.body.addEventListener("htmx:afterRequest", activity);
  window.addEventListener("storage", function (event) { if (event.key === key) { schedule(); } });
  activity();
})();
