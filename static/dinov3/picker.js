/* Type-ahead pickers ([data-picker]): typing asks /api/v1/media-picker for a few matching images
   with thumbnails; arrows and Enter choose one, which fills the hidden input and fires
   "picked" on it with the asset's {asset_id, filename, thumbnail_url, url}. */
(function () {
  "use strict";
  var DEBOUNCE_MS = 150;

  function setup(root) {
    var input = root.querySelector(".picker-input");
    var list = root.querySelector(".picker-list");
    var hidden = document.getElementById(root.getAttribute("data-target"));
    var timer = null, items = [], active = -1, asked = 0;

    function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); active = -1; }
    function choose(item) {
      hidden.value = item.asset_id;
      input.value = item.filename;
      close();
      hidden.dispatchEvent(new CustomEvent("picked", {detail: item, bubbles: true}));
    }
    function mark() {
      Array.prototype.forEach.call(list.children, function (li, i) { li.setAttribute("aria-selected", i === active ? "true" : "false"); });
    }
    function render() {
      list.textContent = "";
      items.forEach(function (item) {
        var li = ui.el("li", {role: "option", "data-asset-id": item.asset_id}, [
          item.thumbnail_url ? ui.el("img", {src: item.thumbnail_url, alt: ""}) : ui.el("span", {className: "placeholder", text: ""}),
          ui.el("span", {className: "ellipsis", text: item.filename})]);
        li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(item); });
        list.appendChild(li);
      });
      if (!items.length) list.appendChild(ui.el("li", {className: "muted small", text: "No image matches."}));
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = items.length ? 0 : -1;
      mark();
    }
    function ask() {
      var mine = ++asked;
      ui.api("media-picker?kind=image&limit=12&q=" + encodeURIComponent(input.value.trim())).then(function (answer) {
        if (mine !== asked || !answer.ok) return;
        items = answer.data.results;
        render();
      });
    }
    input.addEventListener("input", function () { window.clearTimeout(timer); timer = window.setTimeout(ask, DEBOUNCE_MS); });
    input.addEventListener("focus", function () { input.select(); ask(); });
    input.addEventListener("blur", function () { window.setTimeout(close, 100); });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") { active = Math.min(items.length - 1, active + 1); mark(); event.preventDefault(); }
      else if (event.key === "ArrowUp") { active = Math.max(0, active - 1); mark(); event.preventDefault(); }
      else if (event.key === "Enter" && active >= 0) { event.preventDefault(); choose(items[active]); }
      else if (event.key === "Escape") { close(); }
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-picker]"), setup);
})();
