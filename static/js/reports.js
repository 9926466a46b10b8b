// Report jobs: each unfinished job's row asks its status URL every second and updates its
// progress bar, its status and, when the file is ready, its download link. Without JavaScript the
// page has a refresh link instead.
(function () {
  "use strict";
  var INTERVAL = 1000;

  function update(row, state) {
    var bar = row.querySelector("progress");
    var text = row.querySelector("[data-job-status]");
    var action = row.querySelector("[data-job-action]");
    bar.value = state.progress;
    bar.textContent = state.progress + "%";
    text.textContent = state.status_display + (state.status === "running" ? " – " + state.progress + "%" : "");
    row.dataset.status = state.status;
    if (state.status === "done" && state.download_url) {
      action.innerHTML = "";
      var link = document.createElement("a");
      link.href = state.download_url;
      link.textContent = "Download";
      link.setAttribute("data-download", "");
      action.appendChild(link);
    } else if (state.status === "failed") {
      action.textContent = state.error;
      action.classList.add("report-error");
    }
  }

  function poll(row) {
    fetch(row.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) return;
        update(row, state);
        if (state.status === "queued" || state.status === "running") {
          window.setTimeout(function () { poll(row); }, INTERVAL);
        }
      })
      .catch(function () { window.setTimeout(function () { poll(row); }, INTERVAL * 2); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("tr[data-status-url]").forEach(function (row) {
      if (row.dataset.status === "queued" || row.dataset.status === "running") poll(row);
    });
  });
})();
