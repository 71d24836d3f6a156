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

/* Asset page: edit tags and description in place, previous/next with the arrow keys, zoom. */
(function () {
  "use strict";
  var page = document.getElementById("asset-page");
  var assetId = page.getAttribute("data-asset-id");
  var form = document.getElementById("edit-form");
  var editButton = document.getElementById("edit-button");
  var message = document.getElementById("edit-message");

  function openEditor() { form.hidden = false; editButton.hidden = true; document.getElementById("edit-tags").focus(); }
  function closeEditor() { form.hidden = true; editButton.hidden = false; }
  editButton.addEventListener("click", openEditor);
  document.getElementById("edit-cancel").addEventListener("click", closeEditor);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var tags = document.getElementById("edit-tags").value.split(",").map(function (t) { return t.trim(); }).filter(Boolean);
    ui.api("media/" + assetId, {method: "PATCH", body: {tags: tags, description: document.getElementById("edit-description").value}})
      .then(function (answer) {
        if (!answer.ok) { ui.show(message, answer.message); return; }
        var list = document.getElementById("asset-tags");
        list.textContent = "";
        answer.data.tags.forEach(function (tag) {
          list.appendChild(ui.el("a", {className: "badge", href: "/?tag=" + encodeURIComponent(tag), text: "#" + tag}));
        });
        if (!answer.data.tags.length) list.appendChild(ui.el("span", {className: "muted", text: "none"}));
        var description = document.getElementById("asset-description");
        description.textContent = answer.data.description || "none";
        description.classList.toggle("muted", !answer.data.description);
        document.getElementById("edit-tags").value = answer.data.tags.join(", ");
        closeEditor();
        ui.show(message, "Saved.", "success");
      });
  });

  var frame = document.getElementById("zoom-frame");
  function zoom() { if (frame) frame.classList.toggle("zoomed"); }
  if (frame) frame.addEventListener("click", zoom);

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || /^(INPUT|TEXTAREA|SELECT|VIDEO)$/.test(event.target.tagName)) return;
    if (document.querySelector("dialog[open]")) return;
    var link = null;
    if (event.key === "ArrowLeft") link = document.getElementById("previous-asset");
    else if (event.key === "ArrowRight") link = document.getElementById("next-asset");
    else if (event.key === "z") { zoom(); return; }
    else if (event.key === "e") { event.preventDefault(); openEditor(); return; }
    if (link) { event.preventDefault(); window.location = link.href; }
  });
})();
