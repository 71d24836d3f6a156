/* While a job draws the map, poll it and reload when it is done. */
(function () {
  "use strict";
  var card = document.getElementById("map-drawing");
  var jobId = card.getAttribute("data-job-id");
  function poll() {
    ui.api("jobs/" + jobId).then(function (answer) {
      if (answer.ok && (answer.data.status === "succeeded" || answer.data.status === "failed")) { window.location.reload(); return; }
      window.setTimeout(poll, 2000);
    });
  }
  poll();
})();
