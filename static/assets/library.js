/* Library and collection pages: select cards (click, shift-click for a range, "a" for the page),
   act on the selection (tags, collections, features, quality, the similarity matrix, delete with
   an undo window), a lightbox with arrow keys, the search box by meaning, and the button that
   extracts every missing feature vector as a job. */
(function () {
  "use strict";
  var grid = document.getElementById("asset-grid");
  var UNDO_MS = 6000;

  // --- Extract everything missing (a job the jobs panel follows) ---
  var extractMissing = document.getElementById("extract-missing");
  if (extractMissing) extractMissing.addEventListener("click", function () {
    var message = document.getElementById("extract-missing-message");
    extractMissing.disabled = true;
    ui.show(message, "Starting a job for " + extractMissing.getAttribute("data-missing") + " assets…", "info");
    ui.api("extract-missing-features", {method: "POST"}).then(function (answer) {
      if (!answer.ok) { extractMissing.disabled = false; ui.show(message, answer.message); return; }
      if (!answer.data.job_id) { ui.show(message, "Every asset already has features.", "success"); return; }
      ui.show(message, "Extracting features as a job: follow it in the Jobs panel.", "success");
      document.dispatchEvent(new CustomEvent("job-started", {detail: answer.data}));
    });
  });

  if (!grid) return;
  var bar = document.getElementById("selection-bar");
  var countText = document.getElementById("selection-count");
  var message = document.getElementById("selection-message");
  var selected = {};  // asset id -> true, in the order picked
  var last = null;

  function cells() { return Array.prototype.slice.call(grid.querySelectorAll(".cell")); }
  function ids() { return Object.keys(selected); }
  function refresh() {
    var n = ids().length;
    cells().forEach(function (cell) {
      var on = !!selected[cell.getAttribute("data-asset-id")];
      cell.classList.toggle("selected", on);
      cell.querySelector(".pick").checked = on;
    });
    bar.hidden = n === 0;
    countText.textContent = n + " selected";
    try { window.sessionStorage.setItem("library-selection", JSON.stringify(ids())); } catch (e) { /* private mode */ }
  }
  function toggle(cell, state) {
    var id = cell.getAttribute("data-asset-id");
    if (state) selected[id] = true; else delete selected[id];
  }
  function pick(cell, event) {
    var list = cells(), on = !selected[cell.getAttribute("data-asset-id")];
    if (event && event.shiftKey && last && list.indexOf(last) >= 0) {
      var a = list.indexOf(last), b = list.indexOf(cell);
      list.slice(Math.min(a, b), Math.max(a, b) + 1).forEach(function (c) { toggle(c, true); });
    } else {
      toggle(cell, on);
    }
    last = cell;
    refresh();
  }
  function bindCell(cell) {
    var box = cell.querySelector(".pick");
    box.addEventListener("click", function (event) { event.preventDefault(); pick(cell, event); });
    var link = cell.querySelector("a.thumb");
    link.addEventListener("click", function (event) {
      // With a selection going, a click selects (as in photo libraries); Ctrl/Cmd-click opens.
      if (event.shiftKey || (ids().length && !event.ctrlKey && !event.metaKey)) { event.preventDefault(); pick(cell, event); }
    });
  }
  cells().forEach(bindCell);
  function selectPage() { cells().forEach(function (c) { toggle(c, true); }); refresh(); }
  function clear() { selected = {}; last = null; refresh(); }
  document.getElementById("select-page").addEventListener("click", selectPage);
  document.getElementById("select-clear").addEventListener("click", clear);

  // --- The bulk actions ---
  var dialog = document.getElementById("bulk-dialog");
  var dialogForm = document.getElementById("bulk-form");
  function ask(title, text, fields, then) {
    document.getElementById("bulk-title").textContent = title;
    document.getElementById("bulk-text").textContent = text;
    document.getElementById("bulk-tags-field").hidden = fields !== "tags";
    document.getElementById("bulk-collection-field").hidden = fields !== "collection";
    var choice = document.getElementById("bulk-collection");
    document.getElementById("bulk-new-name-field").hidden = choice.value !== "";
    dialog.returnValue = "";
    dialog.showModal();
    var input = fields === "tags" ? document.getElementById("bulk-tags") : fields === "collection" ? choice : document.getElementById("bulk-ok");
    input.focus();
    dialog.addEventListener("close", function () { if (dialog.returnValue === "ok") then(); }, {once: true});
  }
  document.getElementById("bulk-collection").addEventListener("change", function (event) {
    document.getElementById("bulk-new-name-field").hidden = event.target.value !== "";
  });
  dialogForm.addEventListener("submit", function (event) {
    if (event.submitter) dialog.returnValue = event.submitter.value;
  });
  function tagsFromDialog() {
    return document.getElementById("bulk-tags").value.split(",").map(function (t) { return t.trim(); }).filter(Boolean);
  }
  function done(answer, text) {
    if (!answer.ok) { ui.show(message, answer.message); return false; }
    ui.show(message, text, "success");
    return true;
  }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function reloadSoon() { window.setTimeout(function () { window.location.reload(); }, 600); }
  function jobStarted(answer, text) {
    if (done(answer, text)) document.dispatchEvent(new CustomEvent("job-started", {detail: answer.data}));
  }

  var actions = {
    "add-tags": function (chosen) {
      ask("Add tags", "Add tags to " + plural(chosen.length, "asset") + ".", "tags", function () {
        ui.api("media-tags", {method: "POST", body: {asset_ids: chosen, add: tagsFromDialog()}}).then(function (answer) {
          if (done(answer, "Tagged " + plural(chosen.length, "asset") + ".")) reloadSoon();
        });
      });
    },
    "remove-tags": function (chosen) {
      ask("Remove tags", "Remove tags from " + plural(chosen.length, "asset") + ".", "tags", function () {
        ui.api("media-tags", {method: "POST", body: {asset_ids: chosen, remove: tagsFromDialog()}}).then(function (answer) {
          if (done(answer, "Removed tags from " + plural(chosen.length, "asset") + ".")) reloadSoon();
        });
      });
    },
    "add-to-collection": function (chosen) {
      ask("Add to a collection", plural(chosen.length, "asset") + " into:", "collection", function () {
        var target = document.getElementById("bulk-collection").value;
        var request = target
          ? ui.api("collections/" + target + "/assets", {method: "POST", body: {asset_ids: chosen}})
          : ui.api("collections", {method: "POST", body: {name: document.getElementById("bulk-new-name").value, asset_ids: chosen}});
        request.then(function (answer) {
          if (!done(answer, "")) return;
          message.textContent = "Added " + plural(chosen.length, "asset") + " to ";
          message.appendChild(ui.el("a", {href: answer.data.url, text: answer.data.name}));
          message.appendChild(document.createTextNode(" (" + answer.data.size + " in all)."));
        });
      });
    },
    "remove-from-collection": function (chosen, button) {
      var collection = button.getAttribute("data-collection-id");
      ui.api("collections/" + collection + "/assets", {method: "DELETE", body: {asset_ids: chosen}}).then(function (answer) {
        if (done(answer, "Took " + plural(chosen.length, "asset") + " out of this collection.")) reloadSoon();
      });
    },
    "extract": function (chosen) {
      ui.api("batch-extract-features", {method: "POST", body: {asset_ids: chosen, async: true}}).then(function (answer) {
        jobStarted(answer, "Extracting the features of " + plural(chosen.length, "asset") + " (see Jobs).");
      });
    },
    "quality": function (chosen) {
      ui.api("quality-scores", {method: "POST", body: {asset_ids: chosen}}).then(function (answer) {
        jobStarted(answer, "Measuring the quality of " + plural(chosen.length, "asset") + " (see Jobs).");
      });
    },
    "matrix": function (chosen) { window.location = "/similarity-matrix?ids=" + chosen.join(","); },
    "compare": function (chosen) {
      if (chosen.length !== 2) { ui.show(message, "Select exactly two images to compare."); return; }
      window.location = "/compare?a=" + chosen[0] + "&b=" + chosen[1];
    },
    "delete": function (chosen) {
      ask("Delete " + plural(chosen.length, "asset") + "?",
          "Their files, thumbnails, features, and for videos their keyframes and shots go with them. You can undo for a few seconds.",
          null, function () { deleteWithUndo(chosen); });
    }
  };
  Array.prototype.forEach.call(bar.querySelectorAll("[data-action]"), function (button) {
    button.addEventListener("click", function () { actions[button.getAttribute("data-action")](ids(), button); });
  });

  // Deleting waits a few seconds (the cards are hidden meanwhile), so Undo costs nothing.
  var toast = document.getElementById("undo-toast");
  function deleteWithUndo(chosen) {
    var hidden = cells().filter(function (c) { return chosen.indexOf(c.getAttribute("data-asset-id")) >= 0; });
    hidden.forEach(function (c) { c.hidden = true; });
    clear();
    document.getElementById("undo-text").textContent = "Deleting " + plural(chosen.length, "asset") + "…";
    toast.hidden = false;
    var timer = window.setTimeout(function () {
      toast.hidden = true;
      Promise.all(chosen.map(function (id) { return ui.api("media/" + id, {method: "DELETE"}); })).then(function (answers) {
        var failed = answers.filter(function (a) { return !a.ok && a.status !== 404; });
        hidden.forEach(function (c) { c.remove(); });
        if (failed.length) ui.show(message, failed.length + " could not be deleted: " + failed[0].message);
        else ui.show(message, "Deleted " + plural(chosen.length, "asset") + ".", "success");
      });
    }, UNDO_MS);
    document.getElementById("undo-button").onclick = function () {
      window.clearTimeout(timer);
      toast.hidden = true;
      hidden.forEach(function (c) { c.hidden = false; });
      chosen.forEach(function (id) { selected[id] = true; });
      refresh();
      ui.show(message, "Nothing was deleted.", "info");
    };
  }

  // --- The lightbox ---
  var lightbox = document.getElementById("lightbox");
  var image = document.getElementById("lightbox-image");
  var at = 0;
  function visible() { return cells().filter(function (c) { return !c.hidden; }); }
  function showAt(index) {
    var list = visible();
    if (!list.length) return;
    at = (index + list.length) % list.length;
    var cell = list[at];
    image.src = cell.getAttribute("data-full") || (cell.querySelector("img") || {}).src || "";
    image.alt = cell.getAttribute("data-name");
    document.getElementById("lightbox-name").textContent = cell.getAttribute("data-name");
    document.getElementById("lightbox-position").textContent = (at + 1) + " of " + list.length;
    document.getElementById("lightbox-open").href = cell.querySelector("a.thumb").getAttribute("href");
    if (!lightbox.open) lightbox.showModal();
  }
  document.getElementById("lightbox-prev").addEventListener("click", function () { showAt(at - 1); });
  document.getElementById("lightbox-next").addEventListener("click", function () { showAt(at + 1); });
  document.getElementById("lightbox-close").addEventListener("click", function () { lightbox.close(); });
  lightbox.addEventListener("keydown", function (event) {
    if (event.key === "ArrowRight") { event.preventDefault(); showAt(at + 1); }
    else if (event.key === "ArrowLeft") { event.preventDefault(); showAt(at - 1); }
  });

  function focusedCell() {
    var node = document.activeElement;
    return node && node.closest ? node.closest(".cell") : null;
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName) &&
        !event.target.classList.contains("pick")) return;
    if (document.querySelector("dialog[open]")) return;
    var cell = focusedCell();
    if (event.key === " " && cell) { event.preventDefault(); showAt(visible().indexOf(cell)); }
    else if (event.key === "x" && cell) { pick(cell, event); }
    else if (event.key === "a") { selectPage(); }
    else if (event.key === "Escape" && ids().length) { clear(); }
    else if ((event.key === "ArrowRight" || event.key === "ArrowLeft") && cell) {
      var list = visible(), next = list[list.indexOf(cell) + (event.key === "ArrowRight" ? 1 : -1)];
      if (next) { event.preventDefault(); next.querySelector("a.thumb").focus(); }
    }
  });

  // --- Search by meaning (names, tags, descriptions as sentence embeddings), words as the fallback ---
  var mode = document.getElementById("search-mode");
  var form = document.getElementById("filter-form");
  var onlyQuery = form && ["kind", "tag", "status"].every(function (name) { return !form.elements[name].value; });
  if (mode && onlyQuery) {
    var query = mode.getAttribute("data-query");
    var wordsHtml = grid.innerHTML;
    ui.show(mode, "Searching by meaning…", "info");
    ui.api("semantic-search", {method: "POST", body: {query_text: query, limit: 48}}).then(function (answer) {
      if (!answer.ok || !answer.data.results.length) {
        ui.show(mode, "Words: names, tags and descriptions containing “" + query + "” (search by meaning is " +
                (answer.ok ? "empty" : "unavailable: " + answer.message) + ").", "info");
        return;
      }
      var results = answer.data.results;
      grid.textContent = "";
      results.forEach(function (r) {
        var cell = ui.el("div", {className: "cell", "data-asset-id": r.asset_id, "data-kind": r.kind, "data-name": r.filename,
                                 "data-full": ""}, [
          ui.el("input", {type: "checkbox", className: "pick", "aria-label": "Select " + r.filename}),
          ui.el("a", {className: "thumb", href: "/assets/" + r.asset_id, "data-asset-id": r.asset_id}, [
            r.thumbnail_url ? ui.el("img", {src: r.thumbnail_url, alt: r.filename, loading: "lazy"})
                            : ui.el("span", {className: "placeholder", text: r.kind}),
            ui.el("span", {className: "meta"}, [ui.el("span", {className: "name", title: r.filename, text: r.filename}),
              ui.el("span", {className: "badge", text: r.kind}),
              ui.el("span", {className: "badge ok", title: "How close in meaning", text: r.similarity_percentage.toFixed(0) + "%"})])])]);
        grid.appendChild(cell);
        bindCell(cell);
      });
      var noResults = document.getElementById("no-results");
      if (noResults) noResults.hidden = true;
      var pages = document.getElementById("pagination");
      if (pages) pages.hidden = true;
      document.getElementById("result-count").textContent = results.length + " closest in meaning";
      mode.textContent = "By meaning: the closest names, tags, descriptions and shot contexts to “" + query + "”. ";
      var words = ui.el("button", {type: "button", className: "link-button", text: "Show word matches instead"});
      words.addEventListener("click", function () {
        grid.innerHTML = wordsHtml;
        cells().forEach(bindCell);
        if (noResults) noResults.hidden = false;
        if (pages) pages.hidden = false;
        mode.textContent = "Words: names, tags and descriptions containing “" + query + "”.";
        document.getElementById("result-count").textContent = "";
      });
      mode.appendChild(words);
    });
  }
  refresh();
})();
