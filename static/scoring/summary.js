// The score summary on a phone: rank, unit, final score and band first; the stage columns on demand.
// Without this script every column shows (the table scrolls in its box). No inline script: strict CSP.
(function () {
  "use strict";
  var button = document.querySelector("[data-testid=summary-stages-toggle]");
  var table = document.getElementById("summary-table");
  if (!button || !table) { return; }

  function show(expanded) {
    table.classList.toggle("stages-hidden", !expanded);
    button.setAttribute("aria-expanded", expanded ? "true" : "false");
    button.textContent = button.getAttribute(expanded ? "data-hide-text" : "data-show-text");
  }

  button.addEventListener("click", function () { show(button.getAttribute("aria-expanded") !== "true"); });
  show(false);
  button.hidden = false;
})();
