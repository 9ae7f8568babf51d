// The score grid: keyboard moves between lines, and the save marks that come back from the server.
// Each line is saved by htmx (hx-post on the row, on "change"); this file only moves focus and
// reflects the outcome on the input. No inline script: the page runs under a strict CSP.
(function () {
  "use strict";
  var grid = document.querySelector("[data-testid=sheet-grid]");
  if (!grid) { return; }

  var announcer = document.getElementById("save-announcer");

  // The one live region of the page keeps its node: only its text changes, so screen readers read it.
  function announce(row, text) {
    if (!announcer) { return; }
    var code = row ? row.querySelector(".cell-code") : null;
    announcer.textContent = (code ? code.textContent + ": " : "") + text.replace(/^[✓✗…]\s*/, "");
  }

  function cellsInColumn(input) {
    var name = input.getAttribute("name");
    var cells = grid.querySelectorAll("input.js-cell[name=" + name + "]:not([disabled])");
    // On a phone a note not asked for is hidden: the arrows skip it.
    return Array.prototype.filter.call(cells, function (cell) { return cell.offsetParent !== null; });
  }

  function reveal(cell) {
    cell.classList.add("revealed");
    var input = cell.querySelector("input.js-cell");
    if (input) { input.focus(); }
  }

  grid.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".js-reveal") : null;
    if (button) { reveal(button.closest("td")); }
  });

  function moveVertically(input, step) {
    var cells = cellsInColumn(input);
    var target = cells[cells.indexOf(input) + step];
    if (target) { target.focus(); target.select(); }
  }

  grid.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("js-cell")) { return; }
    if (event.key === "ArrowDown" || (event.key === "Enter" && !event.shiftKey)) {
      event.preventDefault();
      moveVertically(input, 1);
    } else if (event.key === "ArrowUp" || (event.key === "Enter" && event.shiftKey)) {
      event.preventDefault();
      moveVertically(input, -1);
    }
  });

  grid.addEventListener("change", function (event) {
    var row = event.target.closest("tr");
    var state = row && row.querySelector(".save-state");
    if (state) { state.textContent = "…"; state.setAttribute("data-state", "saving"); }
  }, true);

  document.body.addEventListener("htmx:oobAfterSwap", function (event) {
    var mark = event.target;
    if (!mark || !mark.classList || !mark.classList.contains("save-state")) { return; }
    var lineId = mark.id.slice(2);
    var input = document.getElementById("p-" + lineId);
    if (!input) { return; }
    var state = mark.getAttribute("data-state");
    var failed = state === "failed" || state === "conflict";
    input.classList.toggle("is-invalid", failed);
    input.classList.toggle("is-valid", state === "saved");
    input.setAttribute("aria-invalid", failed ? "true" : "false");
    if (state === "conflict") { input.value = mark.getAttribute("data-current"); }
    if (state === "failed") { remember(lineId, input, mark); } else { forget(lineId); }
    // A refusal may be about the note or the reason: show them (on a phone they may be folded).
    if (failed) { input.closest("tr").querySelectorAll(".on-demand").forEach(function (cell) { cell.classList.add("revealed"); }); }
    announce(input.closest("tr"), mark.textContent);
  });

  // A refused value is not in the database: keep it (with its message) in this tab's session
  // storage so that a reload shows it again, and warn before the page is left while any remains.
  var storageKey = "thidua-refused:" + window.location.pathname;

  function refused() {
    try { return JSON.parse(window.sessionStorage.getItem(storageKey) || "{}"); } catch (error) { return {}; }
  }

  function store(entries) {
    try {
      if (Object.keys(entries).length) { window.sessionStorage.setItem(storageKey, JSON.stringify(entries)); }
      else { window.sessionStorage.removeItem(storageKey); }
    } catch (error) { /* storage unavailable: the warning before leaving still protects the values */ }
  }

  function rowValues(input) {
    var values = {};
    input.closest("tr").querySelectorAll("input.js-cell").forEach(function (cell) { values[cell.name] = cell.value; });
    return values;
  }

  function remember(lineId, input, mark) {
    var entries = refused();
    entries[lineId] = { values: rowValues(input), message: mark.textContent };
    store(entries);
  }

  function forget(lineId) {
    var entries = refused();
    if (entries[lineId]) { delete entries[lineId]; store(entries); }
  }

  function restore() {
    var entries = refused();
    Object.keys(entries).forEach(function (lineId) {
      var input = document.getElementById("p-" + lineId);
      var mark = document.getElementById("s-" + lineId);
      if (!input || !mark || input.disabled) { forget(lineId); return; }
      var row = input.closest("tr");
      Object.keys(entries[lineId].values).forEach(function (name) {
        var cell = row.querySelector("input.js-cell[name=" + name + "]");
        if (cell) { cell.value = entries[lineId].values[name]; }
      });
      row.querySelectorAll(".on-demand").forEach(function (cell) { cell.classList.add("revealed"); });
      mark.textContent = entries[lineId].message;
      mark.setAttribute("data-state", "failed");
      mark.classList.add("state-failed");
      input.classList.add("is-invalid");
      input.setAttribute("aria-invalid", "true");
    });
  }

  restore();

  window.addEventListener("beforeunload", function (event) {
    if (!grid.querySelector("input.js-cell[aria-invalid=true]")) { return; }
    event.preventDefault();
    event.returnValue = "";  // browsers show their own text
  });

  document.body.addEventListener("htmx:responseError", function (event) {
    var row = event.detail.elt && event.detail.elt.closest ? event.detail.elt.closest("tr") : null;
    var state = row && row.querySelector(".save-state");
    if (state) { state.textContent = "✗ " + (grid.getAttribute("data-error-text") || "Error"); state.setAttribute("data-state", "failed"); }
    if (state) { announce(row, state.textContent); }
  });
  document.body.addEventListener("htmx:sendError", function (event) {
    var row = event.detail.elt && event.detail.elt.closest ? event.detail.elt.closest("tr") : null;
    var state = row && row.querySelector(".save-state");
    if (state) { state.textContent = "✗ " + (grid.getAttribute("data-offline-text") || "Offline"); state.setAttribute("data-state", "failed"); }
    if (state) { announce(row, state.textContent); }
  });
})();
