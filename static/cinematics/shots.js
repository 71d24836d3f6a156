/* Shot library page: browse stored shots with filters (shot-library, paginated), ask for
   suggestions for a scene (suggest-shots), and export what the filters select. */
(function () {
  "use strict";
  var el = ui.el;
  var filterForm = document.getElementById("filter-form");
  var cards = document.getElementById("shot-cards");
  var more = document.getElementById("load-more");
  var count = document.getElementById("library-count");
  var message = document.getElementById("library-message");
  var exports = document.getElementById("library-exports");
  var PAGE_SIZE = 24, nextPage = null;

  function label(value) { return String(value || "").replace(/_/g, " "); }
  function seconds(value) { return Number(value).toFixed(2) + " s"; }

  // One keyframe card: image, where it comes from (a link that plays it), what was measured.
  function card(shot, extra) {
    var image = shot.thumbnail_url ? el("img", {src: shot.thumbnail_url, alt: "Keyframe", loading: "lazy"})
                                   : el("span", {className: "placeholder", text: "no keyframe"});
    var where = "/videos/" + shot.video_asset_id + "#t=" + shot.start_time;
    var badges = el("div", {}, [
      el("span", {className: "badge", title: "Camera movement", text: label(shot.movement_type)}),
      el("span", {className: "badge", title: "Framing", text: label(shot.camera_angle)}),
      el("span", {className: "badge", title: "Tone", text: label(shot.emotional_tone)})]);
    (shot.tags || []).slice(0, 4).forEach(function (tag) { badges.appendChild(el("span", {className: "badge", text: "#" + tag})); });
    var body = el("div", {className: "body"}, [
      el("a", {href: where, text: (shot.video_filename || "video") + " · shot " + (shot.shot_number || "")}),
      el("div", {className: "small muted", text: seconds(shot.start_time) + "–" + seconds(shot.end_time) +
                                                 (shot.genre ? " · " + shot.genre : "")}),
      badges]);
    if (shot.scene_context) body.appendChild(el("div", {className: "explain", text: shot.scene_context}));
    (extra || []).forEach(function (node) { body.appendChild(node); });
    return el("article", {className: "shot", "data-shot-id": shot.shot_id}, [image, body]);
  }

  function filters() {
    var params = new URLSearchParams();
    new FormData(filterForm).forEach(function (value, name) { if (String(value).trim()) params.set(name, String(value).trim()); });
    return params;
  }

  function showExports(params) {
    Array.prototype.forEach.call(exports.querySelectorAll("a"), function (a) { a.remove(); });
    [["csv", "CSV"], ["edl", "EDL"], ["otio", "OpenTimelineIO"], ["json", "JSON"]].forEach(function (f) {
      var query = new URLSearchParams(params);
      query.set("format", f[0]);
      exports.appendChild(el("a", {className: "button", href: "/api/v1/shot-library/export?" + query.toString(), download: "", text: f[1]}));
    });
  }

  function load(page, append) {
    var params = filters();
    showExports(params);
    params.set("page", page);
    params.set("page_size", PAGE_SIZE);
    ui.show(message, "");
    ui.api("shot-library?" + params.toString()).then(function (answer) {
      if (!answer.ok) { ui.show(message, answer.message); return; }
      if (!append) cards.textContent = "";
      answer.data.results.forEach(function (shot) { cards.appendChild(card(shot)); });
      count.textContent = answer.data.count + " shot" + (answer.data.count === 1 ? "" : "s");
      if (!answer.data.count) ui.show(message, "No stored shot matches these filters. Clear them to see every shot.", "info");
      nextPage = answer.data.next ? page + 1 : null;
      more.hidden = !nextPage;
    });
  }

  filterForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var url = new URL(window.location);
    url.search = filters().toString();
    history.replaceState(null, "", url);
    load(1, false);
  });
  filterForm.addEventListener("reset", function () {
    window.setTimeout(function () {
      filterForm.querySelector("input[name=video_asset_id]").value = "";
      filterForm.requestSubmit();
    }, 0);
  });
  more.addEventListener("click", function () { if (nextPage) load(nextPage, true); });
  load(1, false);

  var suggestForm = document.getElementById("suggest-form");
  var suggestMessage = document.getElementById("suggest-message");
  var suggestButton = document.getElementById("suggest-button");
  suggestForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var body = {scene_description: document.getElementById("scene-description").value.trim(), limit: 8};
    var tone = document.getElementById("suggest-tone").value;
    var genre = document.getElementById("suggest-genre").value.trim();
    var tags = document.getElementById("suggest-tags").value.split(",").map(function (t) { return t.trim(); })
      .filter(function (t) { return t; });
    if (tone) body.emotional_tone = tone;
    if (genre) body.genre_context = genre;
    if (tags.length) body.desired_tags = tags;
    suggestButton.disabled = true;
    ui.show(suggestMessage, "Looking for shots…", "info");
    ui.api("suggest-shots", {method: "POST", body: body}).then(function (answer) {
      suggestButton.disabled = false;
      if (!answer.ok) { ui.show(suggestMessage, answer.message); return; }
      var found = answer.data.suggested_shots;
      ui.show(suggestMessage, found.length ? "" : "No stored shot fits this description yet.", "info");
      var box = document.getElementById("suggestion-cards");
      box.textContent = "";
      found.forEach(function (shot) {
        box.appendChild(card(shot, [
          el("div", {className: "rank", text: "#" + shot.rank + " · " + ui.pct(shot.similarity_score) + " match"}),
          el("div", {className: "explain", text: shot.explanation || ""}),
          el("details", {className: "explain"}, [el("summary", {text: "Technical notes"}),
                                                 el("p", {text: shot.technical_notes || ""})])]));
      });
      document.getElementById("suggestions").hidden = !found.length;
    });
  });
})();
