/* Compare page: previews of the two picked images, then validate-consistency (verdict, score,
   explanation) and similarity-heatmap (the difference overlay) from /api/v1. */
(function () {
  "use strict";
  var images = {};
  JSON.parse(document.getElementById("image-data").textContent).forEach(function (image) { images[image.asset_id] = image; });
  var pickA = document.getElementById("pick-a"), pickB = document.getElementById("pick-b");
  var message = document.getElementById("compare-message");
  var button = document.getElementById("compare-button");

  function preview() {
    document.getElementById("preview-a").src = images[pickA.value].url;
    document.getElementById("preview-b").src = images[pickB.value].url;
    var url = new URL(window.location);
    url.searchParams.set("a", pickA.value);
    url.searchParams.set("b", pickB.value);
    history.replaceState(null, "", url);
  }
  function picked(event) { images[event.detail.asset_id] = event.detail; preview(); }
  pickA.addEventListener("picked", picked);
  pickB.addEventListener("picked", picked);
  preview();

  function fact(list, name, value) {
    list.appendChild(ui.el("dt", {text: name}));
    list.appendChild(ui.el("dd", {text: value}));
  }

  document.getElementById("compare-form").addEventListener("submit", function (event) {
    event.preventDefault();
    if (pickA.value === pickB.value) { ui.show(message, "Pick two different images."); return; }
    button.disabled = true;
    ui.show(message, "Comparing…", "info");
    var pair = {asset_id_1: pickA.value, asset_id_2: pickB.value};
    var heat = {reference_asset_id: pickA.value, test_asset_id: pickB.value};
    Promise.all([ui.api("validate-consistency", {method: "POST", body: pair}),
                 ui.api("similarity-heatmap", {method: "POST", body: heat})]).then(function (answers) {
      button.disabled = false;
      var verdict = answers[0], heatmap = answers[1];
      if (!verdict.ok) { ui.show(message, verdict.message); return; }
      ui.show(message, "");
      var d = verdict.data;
      var v = document.getElementById("verdict");
      v.textContent = d.same_character ? "Same character" : "Not the same character";
      v.className = "verdict " + (d.same_character ? "same" : "different");
      document.getElementById("score").textContent = ui.pct(d.similarity_score);
      var confidence = document.getElementById("confidence");
      confidence.textContent = d.confidence_level + " confidence";
      confidence.className = "badge " + (d.confidence_level === "high" ? "ok" : d.confidence_level === "medium" ? "warn" : "bad");
      document.getElementById("explanation").textContent = d.explanation;
      var numbers = document.getElementById("numbers");
      numbers.textContent = "";
      fact(numbers, "Cosine similarity", d.cosine_similarity.toFixed(4));
      fact(numbers, "Euclidean distance", d.euclidean_distance.toFixed(4));
      fact(numbers, "Threshold", (d.threshold * 100).toFixed(0) + "%");
      var figure = document.getElementById("heatmap-figure");
      if (heatmap.ok) {
        document.getElementById("heatmap").src = heatmap.data.heatmap_png;
        document.getElementById("heatmap-caption").textContent = "Warm colours mark the patches that depart most from the reference: " +
          (heatmap.data.changed_fraction * 100).toFixed(0) + "% of the image changed noticeably.";
        figure.hidden = false;
      } else {
        document.getElementById("heatmap-caption").textContent = "No heatmap: " + heatmap.message;
        document.getElementById("heatmap").removeAttribute("src");
      }
      document.getElementById("compare-result").hidden = false;
    });
  });
})();
