/* Upload page: each dropped or chosen file goes to /api/v1/upload-media by XHR (for upload
   progress), one row per file with its progress bar, then a link to the new asset or the
   API's error message in plain words. Two uploads run at a time. */
(function () {
  "use strict";
  var el = ui.el;
  var input = document.getElementById("file-input");
  var zone = document.getElementById("dropzone");
  var list = document.getElementById("upload-list");
  var results = document.getElementById("upload-results");
  var queue = [], running = 0, PARALLEL = 2, MAX_RETRIES = 5;

  function addFiles(files) {
    Array.prototype.forEach.call(files, function (file) {
      var bar = el("progress", {max: "100", value: "0"});
      var status = el("span", {className: "status small muted", text: "Waiting…"});
      var row = el("li", {"data-filename": file.name}, [
        el("img", {alt: ""}), el("div", {}, [el("strong", {text: file.name}), " ", status]), bar]);
      list.appendChild(row);
      queue.push({file: file, row: row, bar: bar, status: status});
    });
    results.hidden = false;
    pump();
  }

  function pump() {
    while (running < PARALLEL && queue.length) {
      running += 1;
      send(queue.shift());
    }
  }

  function finish(item, ok) {
    item.row.classList.add(ok ? "done" : "failed");
    item.status.className = "status small " + (ok ? "ok" : "error");
    item.bar.hidden = true;
    running -= 1;
    pump();
  }

  function send(item) {
    var form = new FormData();
    form.append("file", item.file);
    var tags = document.getElementById("upload-tags").value.trim();
    var description = document.getElementById("upload-description").value.trim();
    if (tags) form.append("tags", tags);
    if (description) form.append("description", description);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", ui.apiBase + "upload-media");
    xhr.setRequestHeader("X-CSRFToken", ui.csrfToken());
    xhr.setRequestHeader("Accept", "application/json");
    item.status.textContent = "Uploading…";
    xhr.upload.onprogress = function (event) {
      if (event.lengthComputable) item.bar.value = Math.round(100 * event.loaded / event.total);
    };
    xhr.onload = function () {
      var data = null;
      try { data = JSON.parse(xhr.responseText); } catch (e) { data = null; }
      if (xhr.status === 200 && data) {
        item.bar.value = 100;
        var img = item.row.querySelector("img");
        if (data.thumbnail_url) img.src = data.thumbnail_url;
        item.status.textContent = "";
        var link = el("a", {href: "/assets/" + data.asset_id, text: "Uploaded: open " + data.kind});
        item.status.appendChild(link);
        if (data.duplicate_of) {
          item.status.appendChild(el("span", {className: "muted", text: " (same content as an earlier upload) "}));
        }
        finish(item, true);
      } else if (xhr.status === 429 && (item.retries || 0) < MAX_RETRIES) {
        // Over the upload rate limit: wait as long as the server asks, then send it again.
        var wait = Math.max(1, Number(xhr.getResponseHeader("Retry-After")) || 5);
        item.retries = (item.retries || 0) + 1;
        item.status.textContent = "Waiting " + wait + " s (upload rate limit)…";
        item.bar.value = 0;
        window.setTimeout(function () { send(item); }, wait * 1000);
      } else {
        item.status.textContent = ui.errorText(data, xhr.status);
        finish(item, false);
      }
    };
    xhr.onerror = function () {
      item.status.textContent = "The upload was interrupted: the server could not be reached.";
      finish(item, false);
    };
    xhr.send(form);
  }

  input.addEventListener("change", function () { addFiles(input.files); input.value = ""; });
  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (event) {
    if (event.dataTransfer && event.dataTransfer.files.length) addFiles(event.dataTransfer.files);
  });
})();
