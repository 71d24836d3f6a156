/* Makes sure a <video data-playback-id> plays: asks the server once whether the original is
   browser-playable, and when it is not, waits for the H.264 copy the server makes (a job),
   saying so, then swaps the source. Shared by the video and asset pages. */
(function () {
  "use strict";
  var POLL_MS = 1500;

  function setup(player) {
    var videoId = player.getAttribute("data-playback-id");
    var message = document.getElementById(player.getAttribute("data-playback-message"));
    var status = player.getAttribute("data-playback-status");

    function say(text, kind) { if (message) ui.show(message, text, kind || "info"); }

    function swap(state) {
      if (state.url && player.getAttribute("src") !== state.url) {
        var at = player.currentTime || 0;
        player.setAttribute("src", state.url);
        player.load();
        if (at) player.addEventListener("loadedmetadata", function () { player.currentTime = at; }, {once: true});
      }
      player.setAttribute("data-playback-status", state.status);
      if (state.status === "ready") say("Playing a browser-playable H.264 copy; the original is kept.", "success");
      else if (message) message.hidden = true;
      player.dispatchEvent(new CustomEvent("playback-ready", {detail: state}));
    }

    function poll(jobId) {
      ui.api("jobs/" + jobId).then(function (answer) {
        if (!answer.ok) { say(answer.message, "error"); return; }
        var job = answer.data;
        if (job.status === "failed") { say("No browser-playable copy could be made: " + ui.errorText(job.error, 500), "error"); return; }
        if (job.status === "succeeded") {
          ui.api("videos/" + videoId + "/playback").then(function (state) { if (state.ok) swap(state.data); });
          return;
        }
        say("Making a browser-playable copy of this video (H.264)… " + Math.round(100 * (job.progress.fraction || 0)) + "%");
        window.setTimeout(function () { poll(jobId); }, POLL_MS);
      });
    }

    function prepare() {
      ui.api("videos/" + videoId + "/playback", {method: "POST"}).then(function (answer) {
        if (!answer.ok) { say(answer.message, "error"); return; }
        if (answer.status === 202) {
          say("Making a browser-playable copy of this video (H.264)…");
          poll(answer.data.job.job_id);
        } else {
          swap(answer.data);
        }
      });
    }

    player.addEventListener("error", function () {
      if (player.getAttribute("data-playback-status") !== "ready") {
        say("This browser cannot play the original's codec; a playable copy is being prepared.", "warn");
      }
    });
    if (status !== "native" && status !== "ready") prepare();
  }

  Array.prototype.forEach.call(document.querySelectorAll("video[data-playback-id]"), setup);
})();
