/* Video page: analyse shots (synchronously, or as a job polled for progress); a transport with a
   frame-accurate timecode, a scrubbable timeline, shots that loop, J/K/L and arrow keys; and
   storing the chosen shots, each with its own scene context and tags, in the shot library. */
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

  // The transport: frame-accurate timecode, a scrubbable timeline, shots that loop, J/K/L keys.
  var fps = Number(page.getAttribute("data-fps")) || 25;
  var timecode = document.getElementById("timecode");
  var loopState = document.getElementById("loop-state");
  var timeline = document.getElementById("timeline");
  var playhead = document.getElementById("playhead");
  var loop = null;  // {start, end, id} while a shot loops
  var reverse = null;  // the interval stepping backwards while J is held on

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function frameOf(seconds) { return Math.floor(seconds * fps + 1e-6); }
  function stamp(seconds) {
    var frame = frameOf(seconds), whole = Math.round(fps);
    var secs = Math.floor(frame / whole);
    return pad(Math.floor(secs / 3600)) + ":" + pad(Math.floor(secs / 60) % 60) + ":" + pad(secs % 60) + ":" + pad(frame % whole);
  }
  function duration() {
    return player.duration && isFinite(player.duration) ? player.duration : Number(timeline && timeline.getAttribute("data-duration")) || 0;
  }
  function showTime() {
    var now = player.currentTime || 0;
    timecode.textContent = stamp(now) + "  ·  frame " + frameOf(now);
    if (playhead && duration()) playhead.style.left = (100 * Math.min(1, now / duration())) + "%";
    if (loop && !player.paused && now >= loop.end - 0.5 / fps) player.currentTime = loop.start;
  }
  player.addEventListener("timeupdate", showTime);
  player.addEventListener("seeked", showTime);
  player.addEventListener("loadedmetadata", showTime);
  (function tick() { if (!player.paused) showTime(); window.requestAnimationFrame(tick); })();

  function play() { var playing = player.play(); if (playing && playing.catch) playing.catch(function () {}); }
  function stopReverse() { if (reverse) { window.clearInterval(reverse); reverse = null; } }
  function seek(seconds) { player.currentTime = Math.max(0, Math.min(duration() || seconds, seconds)); showTime(); }
  // Land in the middle of a frame so rounding never shows the previous one.
  function stepFrames(count) { stopReverse(); player.pause(); seek((frameOf(player.currentTime) + count + 0.5) / fps); }

  function setLoop(next) {
    loop = next;
    Array.prototype.forEach.call(document.querySelectorAll(".shot.current, .segment.current"), function (n) { n.classList.remove("current"); });
    if (!loop) { loopState.hidden = true; return; }
    Array.prototype.forEach.call(document.querySelectorAll('[data-shot-id="' + loop.id + '"]'), function (n) {
      if (n.classList.contains("shot") || n.classList.contains("segment")) n.classList.add("current");
    });
    loopState.hidden = false;
    loopState.textContent = "Looping shot " + loop.id + " (" + stamp(loop.start) + "–" + stamp(loop.end) + "); Esc stops";
  }
  function playShot(node) {
    stopReverse();
    setLoop({id: node.getAttribute("data-shot-id"), start: Number(node.getAttribute("data-start")),
             end: Number(node.getAttribute("data-end"))});
    seek(loop.start + 0.5 / fps);
    play();
  }
  Array.prototype.forEach.call(document.querySelectorAll("#shot-strip .shot, #timeline .segment"), function (node) {
    if (node.classList.contains("segment")) {
      node.style.left = node.getAttribute("data-left") + "%";
      node.style.width = node.getAttribute("data-width") + "%";
    }
    node.addEventListener("click", function (event) { event.stopPropagation(); if (!suppressClick) playShot(node); });
    node.addEventListener("keydown", function (event) { if (event.key === "Enter") { event.preventDefault(); playShot(node); } });
  });
  // Dragging anywhere on the timeline scrubs; a click on a shot (no drag) loops it.
  var suppressClick = false;
  if (timeline) {
    var press = null;
    function scrubTo(event) {
      var box = timeline.getBoundingClientRect();
      setLoop(null);
      seek(Math.max(0, Math.min(1, (event.clientX - box.left) / box.width)) * duration());
    }
    timeline.addEventListener("pointerdown", function (event) {
      press = {x: event.clientX, moved: false, onShot: event.target.classList.contains("segment")};
    });
    timeline.addEventListener("pointermove", function (event) {
      if (!press) return;
      if (!press.moved && Math.abs(event.clientX - press.x) < 4) return;
      // Capture only once it is a drag: a captured press would no longer click its shot.
      if (!press.moved) { press.moved = true; stopReverse(); player.pause(); timeline.setPointerCapture(event.pointerId); }
      scrubTo(event);
    });
    timeline.addEventListener("pointerup", function (event) {
      if (press && !press.moved && !press.onShot) scrubTo(event);
      suppressClick = !!(press && press.moved);
      press = null;
      window.setTimeout(function () { suppressClick = false; }, 0);
    });
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    var key = event.key;
    if (key === "k" || key === "K") { stopReverse(); player.pause(); player.playbackRate = 1; }
    else if (key === "l" || key === "L") {
      stopReverse();
      if (!player.paused) player.playbackRate = Math.min(4, player.playbackRate * 2); else player.playbackRate = 1;
      play();
    } else if (key === "j" || key === "J") {
      // Browsers do not play backwards: step back a frame at a time, at the speed of playback.
      player.pause();
      if (!reverse) reverse = window.setInterval(function () {
        if (player.currentTime <= 0) { stopReverse(); return; }
        seek(player.currentTime - 1 / fps);
      }, 1000 / fps);
    } else if (key === "ArrowRight") { stepFrames(event.shiftKey ? Math.round(fps) : 1); }
    else if (key === "ArrowLeft") { stepFrames(event.shiftKey ? -Math.round(fps) : -1); }
    else if (key === "Escape" && loop) { setLoop(null); }
    else return;
    event.preventDefault();
  });

  var start = /#t=([0-9.]+)/.exec(window.location.hash);
  if (start) player.addEventListener("loadedmetadata", function () { player.currentTime = Number(start[1]); }, {once: true});

  var storeForm = document.getElementById("store-form");
  if (!storeForm) return;
  var shots = JSON.parse(document.getElementById("shots-data").textContent);
  var storeMessage = document.getElementById("store-message");
  var storeButton = document.getElementById("store-button");
  var picks = Array.prototype.slice.call(document.querySelectorAll("#shot-editor tbody tr"));
  var storeAll = document.getElementById("store-all");
  function splitTags(text) { return text.split(",").map(function (t) { return t.trim(); }).filter(function (t) { return t; }); }
  function picked() { return picks.filter(function (row) { return row.querySelector(".store-pick").checked; }); }
  function countPicked() {
    var n = picked().length;
    storeButton.textContent = "Store " + n + " shot" + (n === 1 ? "" : "s") + " in the library";
    storeButton.disabled = n === 0;
    storeAll.checked = n === picks.length;
    storeAll.indeterminate = n > 0 && n < picks.length;
  }
  picks.forEach(function (row) { row.querySelector(".store-pick").addEventListener("change", countPicked); });
  storeAll.addEventListener("change", function () {
    picks.forEach(function (row) { row.querySelector(".store-pick").checked = storeAll.checked; });
    countPicked();
  });
  storeForm.addEventListener("submit", function (event) {
    event.preventDefault();
    storeButton.disabled = true;
    var tags = splitTags(document.getElementById("store-tags").value);
    var byId = {};
    shots.forEach(function (shot) { byId[String(shot.shot_id)] = shot; });
    var chosen = picked().map(function (row) {
      var shot = Object.assign({}, byId[row.getAttribute("data-shot-id")]);
      var context = row.querySelector(".shot-context").value.trim();
      if (context) shot.scene_context = context;
      shot.tags = splitTags(row.querySelector(".shot-tags").value);
      return shot;
    });
    var body = {video_asset_id: videoId, shots: chosen, scene_context: document.getElementById("scene-context").value.trim(),
                manual_tags: tags};
    var genre = document.getElementById("store-genre").value.trim();
    if (genre) body.genre = genre;
    ui.show(storeMessage, "Storing…", "info");
    ui.api("store-shot-data", {method: "POST", body: body}).then(function (answer) {
      countPicked();
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
