/* Similarity matrix: batch-similarity (all pairs) over the chosen images, drawn as a heatmap of
   links; each cell opens the comparison of its pair. Thumbnails label the rows and columns. */
(function () {
  "use strict";
  var card = document.getElementById("matrix-card");
  if (!card || card.getAttribute("data-model-loaded") !== "true") return;
  var images = JSON.parse(document.getElementById("matrix-images").textContent);
  var status = document.getElementById("matrix-status");
  var matrix = document.getElementById("matrix");

  // Viridis-like ramp from dark blue (low) to yellow (high), readable in light and dark themes.
  var RAMP = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
  function colour(t) {
    t = Math.max(0, Math.min(1, t)) * (RAMP.length - 1);
    var i = Math.min(RAMP.length - 2, Math.floor(t)), f = t - i, a = RAMP[i], b = RAMP[i + 1];
    return "rgb(" + [0, 1, 2].map(function (k) { return Math.round(a[k] + (b[k] - a[k]) * f); }).join(",") + ")";
  }
  function thumb(image) {
    return ui.el("span", {className: "matrix-label", title: image.filename}, [
      image.thumbnail_url ? ui.el("img", {src: image.thumbnail_url, alt: image.filename}) : ui.el("span", {text: image.filename})]);
  }

  ui.api("batch-similarity", {method: "POST", body: {asset_ids: images.map(function (i) { return i.asset_id; }),
                                                       comparison_type: "all_pairs"}}).then(function (answer) {
    if (!answer.ok) { ui.show(status, answer.message); return; }
    var m = answer.data.similarity_matrix, n = images.length, low = 1, high = -1;
    m.forEach(function (row, i) { row.forEach(function (v, j) { if (i !== j) { low = Math.min(low, v); high = Math.max(high, v); } }); });
    var span = high - low || 1;
    matrix.style.setProperty("--cell", Math.max(16, Math.min(56, Math.floor(640 / n))) + "px");
    matrix.style.gridTemplateColumns = "var(--label) repeat(" + n + ", var(--cell))";
    matrix.appendChild(ui.el("span"));
    images.forEach(function (image) { matrix.appendChild(thumb(image)); });
    images.forEach(function (rowImage, i) {
      matrix.appendChild(thumb(rowImage));
      images.forEach(function (colImage, j) {
        var value = m[i][j];
        var text = rowImage.filename + " vs " + colImage.filename + ": " + (100 * value).toFixed(1) + "%";
        var cell = i === j
          ? ui.el("span", {className: "matrix-cell self", title: rowImage.filename})
          : ui.el("a", {className: "matrix-cell", href: "/compare?a=" + rowImage.asset_id + "&b=" + colImage.asset_id,
                        title: text, "aria-label": text, "data-value": value.toFixed(4)});
        if (i !== j) cell.style.background = colour((value - low) / span);
        matrix.appendChild(cell);
      });
    });
    status.textContent = n + " images; similarity from " + (100 * low).toFixed(1) + "% to " + (100 * high).toFixed(1) +
      "% (colours stretch over that range).";
  });
})();
