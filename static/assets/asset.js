/* Asset page: extract features on demand, and list the most similar assets (image->image search). */
(function () {
  "use strict";
  var page = document.getElementById("asset-page");
  var assetId = page.getAttribute("data-asset-id");
  var button = document.getElementById("extract-button");
  var message = document.getElementById("features-message");

  if (button) button.addEventListener("click", function () {
    button.disabled = true;
    ui.show(message, "Extracting…", "info");
    ui.api("extract-features", {method: "POST", body: {asset_id: assetId, force: true}}).then(function (answer) {
      button.disabled = false;
      if (!answer.ok) { ui.show(message, answer.message, "error"); return; }
      var d = answer.data;
      document.getElementById("features-summary").textContent =
        "Extracted with " + d.model + " (" + d.dim + " dimensions) just now, in " + d.processing_time.toFixed(2) + " s.";
      ui.show(message, "Features are up to date.", "success");
      button.textContent = "Extract again";
    });
  });

  var grid = document.getElementById("similar-grid");
  if (!grid) return;
  var status = document.getElementById("similar-status");
  ui.api("semantic-search", {method: "POST", body: {query_asset_id: assetId, limit: 8}}).then(function (answer) {
    if (!answer.ok) { ui.show(status, answer.message, "error"); return; }
    var rows = answer.data.results || [];
    status.textContent = rows.length ? "" : "Nothing else in the library to compare with yet.";
    status.hidden = rows.length > 0;
    rows.forEach(function (row) {
      var img = ui.el("span", {className: "placeholder", text: row.kind});
      grid.appendChild(ui.el("a", {className: "thumb", href: "/assets/" + row.asset_id}, [
        img, ui.el("span", {className: "meta"}, [
          ui.el("span", {className: "name", text: row.filename}),
          ui.el("span", {className: "badge", text: ui.pct(row.similarity_percentage) + " similar"})])]));
      // Search answers ids and scores; the thumbnail's signed URL comes from the asset itself.
      ui.api("media/" + row.asset_id).then(function (detail) {
        if (detail.ok && detail.data.thumbnail_url) {
          img.replaceWith(ui.el("img", {src: detail.data.thumbnail_url, alt: row.filename}));
        }
      });
    });
  });
})();
