/* The jobs panel on every page: running and recent jobs from GET /api/v1/jobs, polled while
   something runs (slower when nothing does). Jobs are server records, so a reload loses nothing;
   whether the panel is open is remembered in sessionStorage. Pages announce the jobs they start
   with a "job-started" event so the panel opens and polls at once. */
(function () {
  "use strict";
  var panel = document.getElementById("jobs-panel");
  if (!panel) return;
  var list = document.getElementById("jobs-list");
  var empty = document.getElementById("jobs-empty");
  var toggle = document.getElementById("jobs-toggle");
  var count = document.getElementById("jobs-count");
  var FAST_MS = 1500, SLOW_MS = 15000;
  var timer = null;
  var outcomes = {};  // finished job id -> its result (the list leaves results out)
  var LABELS = {"features.batch_extract": "Extract features", "features.missing": "Extract missing features",
                "quality.batch_check": "Quality check", "quality.scores": "Quality scores",
                "video.playback": "Browser-playable copy", "video.shots_analyze": "Shot analysis",
                "cinematics.store_shots": "Store shots"};

  function open(state) {
    panel.hidden = !state;
    toggle.setAttribute("aria-expanded", state ? "true" : "false");
    try { window.sessionStorage.setItem("jobs-panel-open", state ? "1" : ""); } catch (e) { /* private mode */ }
  }
  toggle.addEventListener("click", function () { open(panel.hidden); if (!panel.hidden) refresh(); });
  document.getElementById("jobs-close").addEventListener("click", function () { open(false); });
  document.addEventListener("jobs-open", function () { open(true); refresh(); });
  document.addEventListener("job-started", function () { open(true); refresh(); });

  function outcome(job) {
    if (job.status === "failed") return ui.errorText(job.error, 500);
    var r = job.result || outcomes[job.job_id], parts = [];
    if (job.status !== "succeeded" || !r) return "";
    if (r.summary) r = r.summary;
    ["extracted", "cached", "scored", "failed", "skipped", "stored_shots", "total_shots", "frames"].forEach(function (key) {
      if (typeof r[key] === "number") parts.push(r[key] + " " + key.replace("_", " "));
    });
    if (r.status) parts.push(r.status);
    return parts.join(", ") || "done";
  }

  function row(job) {
    var fraction = job.progress.fraction || (job.status === "succeeded" ? 1 : 0);
    var when = new Date(job.created_at);
    var bar = ui.el("progress", {max: "1", value: String(fraction), "aria-label": "Progress"});
    return ui.el("li", {className: "job " + job.status, "data-job-id": job.job_id, "data-status": job.status}, [
      ui.el("div", {className: "row spread"}, [
        ui.el("strong", {text: LABELS[job.kind] || job.kind}),
        ui.el("span", {className: "badge " + (job.status === "failed" ? "bad" : job.status === "succeeded" ? "ok" : "warn"),
                       text: job.status})]),
      bar,
      ui.el("div", {className: "small muted"}, [
        job.progress.done + " / " + job.progress.total + " · " + when.toLocaleTimeString()]),
      ui.el("div", {className: "small outcome" + (job.status === "failed" ? " status error" : ""), text: outcome(job)})]);
  }

  function refresh() {
    window.clearTimeout(timer);
    return ui.api("jobs?limit=8").then(function (answer) {
      var running = 0;
      if (answer.ok) {
        var jobs = answer.data.jobs;
        list.textContent = "";
        jobs.forEach(function (job) {
          if (job.status === "pending" || job.status === "running") running += 1;
          list.appendChild(row(job));
          if (job.status === "succeeded" && !job.result && !(job.job_id in outcomes)) {
            outcomes[job.job_id] = null;
            ui.api("jobs/" + job.job_id).then(function (detail) {
              if (!detail.ok) return;
              outcomes[job.job_id] = detail.data.result;
              var node = list.querySelector('[data-job-id="' + job.job_id + '"] .outcome');
              if (node) node.textContent = outcome(detail.data);
            });
          }
        });
        empty.hidden = jobs.length > 0;
        count.hidden = running === 0;
        count.textContent = running ? String(running) : "";
      }
      timer = window.setTimeout(refresh, running ? FAST_MS : SLOW_MS);
    });
  }
  var remembered = "";
  try { remembered = window.sessionStorage.getItem("jobs-panel-open") || ""; } catch (e) { remembered = ""; }
  open(!!remembered);
  refresh();
  window.jobsPanel = {refresh: refresh, open: open};
})();
