/* Keeps job progress bars current without reloading the page (jobs/includes/_progress.html).
   Every unfinished job on the page asks its status URL once a second; when a job ends, the page
   is reloaded once so its result (download link, report) appears. Without script the page
   refreshes itself (<noscript> meta refresh). */
(function () {
  "use strict";

  var INTERVAL = 1000;

  function setText(box, field, text) {
    var node = box.querySelector('[data-field="' + field + '"]');
    if (node) { node.textContent = text; }
  }

  function update(box, state) {
    var bar = box.querySelector("progress");
    if (state.percent === null) {
      bar.removeAttribute("value");
      setText(box, "percent", "");
    } else {
      bar.value = state.percent;
      setText(box, "percent", state.percent + " %");
    }
    setText(box, "status_label", state.status_label);
    var status = box.querySelector('[data-field="status_label"]');
    if (status) { status.className = "job-status job-status--" + state.status; }
    setText(box, "counts", state.counts);
    setText(box, "time_left", state.time_left);
  }

  function watch(box) {
    var url = box.getAttribute("data-job-status");
    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.json();
        })
        .then(function (state) {
          update(box, state);
          if (state.finished) {
            window.location.reload();
          } else {
            window.setTimeout(poll, INTERVAL);
          }
        })
        .catch(function () { window.setTimeout(poll, INTERVAL * 5); });
    }
    window.setTimeout(poll, INTERVAL);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var boxes = document.querySelectorAll("[data-job-status]");
    for (var i = 0; i < boxes.length; i += 1) {
      if (boxes[i].getAttribute("data-job-finished") !== "1") { watch(boxes[i]); }
    }
  });
}());
