/* Character check: one reference against many renders through character-matching, the results
   sorted by score ascending so the renders that fail the threshold come first. */
(function () {
  "use strict";
  var images = {};
  JSON.parse(document.getElementById("image-data").textContent).forEach(function (image) { images[image.asset_id] = image; });
  var reference = document.getElementById("reference");
  var picker = document.getElementById("render-picker");
  var message = document.getElementById("check-message");
  var button = document.getElementById("check-button");
  var boxes = Array.prototype.slice.call(picker.querySelectorAll("input[type=checkbox]"));

  // More renders: one by type-ahead (added ticked), a collection, or the library's selection.
  document.getElementById("add-render").addEventListener("picked", function (event) {
    var image = event.detail;
    images[image.asset_id] = image;
    var existing = boxes.filter(function (box) { return box.value === image.asset_id; })[0];
    if (!existing) {
      existing = ui.el("input", {type: "checkbox", value: image.asset_id});
      picker.insertBefore(ui.el("label", {className: "thumb selectable", "data-asset-id": image.asset_id}, [existing,
        image.thumbnail_url ? ui.el("img", {src: image.thumbnail_url, alt: ""}) : ui.el("span", {className: "placeholder", text: "image"}),
        ui.el("span", {className: "meta"}, [ui.el("span", {className: "name", text: image.filename})])]), picker.firstChild);
      boxes.unshift(existing);
    }
    existing.checked = true;
    event.target.value = "";
    event.target.parentNode.querySelector(".picker-input").value = "";
    refresh();
  });
  document.getElementById("from-collection").addEventListener("change", function (event) {
    var url = new URL(window.location);
    url.searchParams.delete("renders");
    if (event.target.value) url.searchParams.set("collection", event.target.value); else url.searchParams.delete("collection");
    url.searchParams.set("reference", reference.value);
    window.location = url;
  });
  document.getElementById("from-selection").addEventListener("click", function () {
    var chosen = [];
    try { chosen = JSON.parse(window.sessionStorage.getItem("library-selection") || "[]"); } catch (e) { chosen = []; }
    if (!chosen.length) { ui.show(message, "Nothing is selected in the library: select renders there first.", "info"); return; }
    window.location = "/character-check?reference=" + reference.value + "&renders=" + chosen.join(",");
  });

  function refresh() {
    document.getElementById("reference-preview").src = images[reference.value].thumbnail_url || images[reference.value].url;
    var count = 0;
    boxes.forEach(function (box) {
      var isReference = box.value === reference.value;
      if (isReference) box.checked = false;
      box.disabled = isReference;
      box.parentNode.classList.toggle("selected", box.checked);
      box.parentNode.style.opacity = isReference ? 0.4 : 1;
      if (box.checked) count += 1;
    });
    document.getElementById("selected-count").textContent = count + " selected";
  }
  reference.addEventListener("picked", function (event) { images[event.detail.asset_id] = event.detail; refresh(); });
  picker.addEventListener("change", refresh);
  document.getElementById("select-all").addEventListener("click", function () {
    boxes.forEach(function (box) { box.checked = box.value !== reference.value; }); refresh();
  });
  document.getElementById("select-none").addEventListener("click", function () {
    boxes.forEach(function (box) { box.checked = false; }); refresh();
  });
  // Renders that came from a collection or a selection are the ones to check: tick them.
  var params = new URLSearchParams(window.location.search);
  if (params.get("collection") || params.get("renders")) boxes.forEach(function (box) { box.checked = box.value !== reference.value; });
  refresh();

  document.getElementById("check-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var tests = boxes.filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
    if (!tests.length) { ui.show(message, "Select at least one render to check against the reference."); return; }
    button.disabled = true;
    ui.show(message, "Checking " + tests.length + " render" + (tests.length > 1 ? "s" : "") + "…", "info");
    ui.api("character-matching", {method: "POST", body: {reference_asset_id: reference.value, test_asset_ids: tests}})
      .then(function (answer) {
        button.disabled = false;
        if (!answer.ok) { ui.show(message, answer.message); return; }
        ui.show(message, "");
        var s = answer.data.summary;
        document.getElementById("check-summary").textContent = s.matching + " of " + s.total +
          " renders show the same character (" + s.match_rate.toFixed(0) + "%); threshold " + (s.threshold * 100).toFixed(0) + "%.";
        var rows = document.getElementById("check-rows");
        rows.textContent = "";
        answer.data.results.slice().sort(function (a, b) { return a.similarity_score - b.similarity_score; })
          .forEach(function (r) {
            var image = images[r.asset_id] || {};
            rows.appendChild(ui.el("a", {className: "result" + (r.same_character ? "" : " fail"), href: "/assets/" + r.asset_id,
                                          "data-asset-id": r.asset_id}, [
              ui.el("img", {src: image.thumbnail_url || image.url || "", alt: ""}),
              ui.el("div", {}, [ui.el("strong", {text: r.filename || image.filename}), ui.el("br"),
                                ui.el("span", {className: "small muted", text: r.explanation})]),
              ui.el("div", {}, [ui.el("div", {className: "score", text: ui.pct(r.similarity_score)}),
                                ui.el("span", {className: "badge " + (r.same_character ? "ok" : "bad"),
                                               text: (r.same_character ? "matches" : "fails") + " · " + r.confidence_level})])]));
          });
        document.getElementById("check-result").hidden = false;
      });
  });
})();
