/* Video page: analyse shots (synchronously, or as a job polled for progress), play a shot from
   its card, and store the analysed shots in the shot library. */
(function () {
  "use strict";
  var page = document.getElementById("video-page");
  var videoId = page.getAttribute("data-asset-id");
  var player = document.getElementById("player");
  var threshold = document.getElementById("threshold");
  var thresholdValue = document.getElementById("threshold-value");
  var analyzeButton = document.getElementById("analyze-button");
  var analyzeMessage = document.getElementById("analyze-message");
  var progress = document.getElementById("analyze-progress");
  var POLL_MS = 1000;

  function showThreshold() { thresholdValue.textContent = Number(threshold.value).toFixed(2); }
  threshold.addEventListener("input", showThreshold);
  showThreshold();

  function done() {
    ui.show(analyzeMessage, "Analysis finished: loading the shots…", "success");
    window.location.reload();
  }

  function failed(message) {
    analyzeButton.disabled = false;
    progress.hidden = true;
    ui.show(analyzeMessage, message);
  }

  function poll(statusUrl) {
    ui.api(statusUrl.replace(/^\/api\/v1\//, "")).then(function (answer) {
      if (!answer.ok) { failed(answer.message); return; }
      var job = answer.data;
      if (job.status === "succeeded") { done(); return; }
      if (job.status === "failed") { failed(ui.errorText(job.error, 500)); return; }
      progress.hidden = false;
      progress.value = job.progress.fraction || 0;
      ui.show(analyzeMessage, "Analysing… " + Math.round(100 * (job.progress.fraction || 0)) + "%", "info");
      window.setTimeout(function () { poll(statusUrl); }, POLL_MS);
    });
  }

  document.getElementById("analyze-form").addEventListener("submit", function (event) {
    event.preventDefault();
    analyzeButton.disabled = true;
    ui.show(analyzeMessage, "Analysing the video: cuts, movement, framing, tone and keyframes…", "info");
    ui.api("analyze-video-shots", {method: "POST", body: {
      video_asset_id: videoId, shot_detection_threshold: Number(threshold.value), extract_keyframes: true,
      async: true}})
      .then(function (answer) {
        if (!answer.ok) { failed(answer.message); return; }
        if (answer.status === 202) { poll(answer.data.status_url); return; }
        done();
      });
  });

  // A card plays its shot; /videos/<id>#t=12.5 (links from the shot library) starts there.
  function seek(seconds) {
    player.currentTime = seconds;
    var playing = player.play();
    if (playing && playing.catch) playing.catch(function () {});
  }
  Array.prototype.forEach.call(document.querySelectorAll("#shot-strip .shot"), function (card) {
    function play() {
      Array.prototype.forEach.call(document.querySelectorAll("#shot-strip .shot.current"), function (c) { c.classList.remove("current"); });
      card.classList.add("current");
      seek(Number(card.getAttribute("data-start")));
    }
    card.addEventListener("click", play);
    card.addEventListener("keydown", function (event) { if (event.key === "Enter") play(); });
  });
  var start = /#t=([0-9.]+)/.exec(window.location.hash);
  if (start) player.addEventListener("loadedmetadata", function () { player.currentTime = Number(start[1]); }, {once: true});

  var storeForm = document.getElementById("store-form");
  if (!storeForm) return;
  var shots = JSON.parse(document.getElementById("shots-data").textContent);
  var storeMessage = document.getElementById("store-message");
  var storeButton = document.getElementById("store-button");
  storeForm.addEventListener("submit", function (event) {
    event.preventDefault();
    storeButton.disabled = true;
    var tags = document.getElementById("store-tags").value.split(",").map(function (t) { return t.trim(); })
      .filter(function (t) { return t; });
    var body = {video_asset_id: videoId, shots: shots, scene_context: document.getElementById("scene-context").value.trim(),
                manual_tags: tags};
    var genre = document.getElementById("store-genre").value.trim();
    if (genre) body.genre = genre;
    ui.show(storeMessage, "Storing…", "info");
    ui.api("store-shot-data", {method: "POST", body: body}).then(function (answer) {
      storeButton.disabled = false;
      if (!answer.ok) { ui.show(storeMessage, answer.message); return; }
      var d = answer.data;
      storeMessage.textContent = "";
      storeMessage.className = "notice success";
      storeMessage.hidden = false;
      storeMessage.appendChild(document.createTextNode("Stored " + d.stored_shots + " shot" + (d.stored_shots === 1 ? "" : "s") +
        " (" + d.created + " new, " + d.updated + " updated). "));
      storeMessage.appendChild(ui.el("a", {href: "/shots?video_asset_id=" + videoId, text: "Open them in the shot library"}));
    });
  });
})();
