// The ballot page's live participation figure: how many units voted out of those who may. It polls
// the JSON endpoint named on the element (data-url) every few seconds while the ballot is open; the
// page shows the same figure without JavaScript. No inline script: the page runs under a strict CSP.
(function () {
  "use strict";
  var box = document.querySelector("[data-participation-url]");
  if (!box || !window.fetch) { return; }
  var voted = box.querySelector("[data-voted]");
  var eligible = box.querySelector("[data-eligible]");
  var status = document.querySelector("[data-ballot-status]");
  var every = 5000;

  function update(data) {
    if (voted) { voted.textContent = String(data.voted); }
    if (eligible) { eligible.textContent = String(data.eligible); }
    if (data.status !== box.getAttribute("data-status")) {
      if (status) { status.textContent = data.status_label; }
      box.setAttribute("data-status", data.status);
      return false;  // closed meanwhile: the reader reloads for the result
    }
    return true;
  }

  function poll() {
    fetch(box.getAttribute("data-participation-url"), {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data === null || update(data)) { window.setTimeout(poll, every); } })
      .catch(function () { window.setTimeout(poll, every * 2); });
  }

  window.setTimeout(poll, every);
})();
