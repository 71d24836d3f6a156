/* Library map: the server's 2-D projection drawn as SVG dots, coloured by tag or cluster.
   Hover shows the thumbnail; the wheel and the +/- buttons zoom, dragging pans; the lasso
   selects the dots it encloses and the bar acts on them. Labels are placed greedily so that
   none overlaps another (the rest are named on hover); keyframes are hidden unless asked. */
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var W = 1000, H = 600, PAD = 30, LABEL_PX = 12, MAX_LABELS = 150;
  var all = JSON.parse(document.getElementById("map-data").textContent);
  var highlight = JSON.parse(document.getElementById("map-highlight").textContent || "[]");
  var svg = document.getElementById("map");
  var wrap = document.getElementById("map-wrap");
  var legend = document.getElementById("legend");
  var tip = document.getElementById("map-tip");
  var keyframesBox = document.getElementById("show-keyframes");
  var PALETTE = ["#2f5bd3", "#e4572e", "#17a398", "#f3a712", "#8e44ad", "#c0392b", "#2e86ab",
                 "#6a994e", "#d81159", "#5c6b73", "#ff7f11", "#3d348b"];
  var view = {x: 0, y: 0, w: W, h: H};
  var by = "tag", selected = {}, lasso = false;
  all.forEach(function (p) { p.cx = PAD + p.x * (W - 2 * PAD); p.cy = PAD + (1 - p.y) * (H - 2 * PAD); });

  function shown() { return all.filter(function (p) { return keyframesBox.checked || !p.keyframe; }); }
  function groupOf(p) { return by === "cluster" ? "cluster " + (p.cluster + 1) : "#" + p.tag; }
  function scale() { return svg.getBoundingClientRect().width / view.w || 1; }  // screen px per map unit

  function svgEl(tag, attrs) {
    var node = document.createElementNS(NS, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  // Greedy placement: try right, left, above, below; a label that would overlap one already
  // placed (or leave the view) is dropped. Bigger groups' points go first.
  function placeLabels(points, k) {
    var placed = [], boxes = [];
    var h = LABEL_PX / k, gap = 10 / k;
    var inView = points.filter(function (p) {
      return p.cx >= view.x && p.cx <= view.x + view.w && p.cy >= view.y && p.cy <= view.y + view.h;
    });
    if (inView.length > 400) return placed;  // a cloud: names on hover only
    inView.forEach(function (p) {
      if (placed.length >= MAX_LABELS) return;
      var text = p.filename.length > 28 ? p.filename.slice(0, 27) + "…" : p.filename;
      var w = text.length * LABEL_PX * 0.58 / k;
      var options = [[p.cx + gap, p.cy - h / 2, "start"], [p.cx - gap - w, p.cy - h / 2, "end"],
                     [p.cx - w / 2, p.cy - gap - h, "middle"], [p.cx - w / 2, p.cy + gap, "middle"]];
      for (var i = 0; i < options.length; i++) {
        var box = {x: options[i][0], y: options[i][1], w: w, h: h};
        if (box.x < view.x || box.x + w > view.x + view.w || box.y < view.y || box.y + h > view.y + view.h) continue;
        var clash = boxes.some(function (b) { return box.x < b.x + b.w && b.x < box.x + box.w && box.y < b.y + b.h && b.y < box.y + box.h; });
        if (!clash) {
          boxes.push(box);
          placed.push({p: p, text: text, box: box});
          return;
        }
      }
    });
    return placed;
  }

  function draw() {
    svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" "));
    svg.textContent = "";
    legend.textContent = "";
    var points = shown(), groups = [];
    points.forEach(function (p) { var g = groupOf(p); if (groups.indexOf(g) < 0) groups.push(g); });
    groups.sort();
    groups.forEach(function (g, i) {
      var item = ui.el("span", {text: g});
      item.style.setProperty("--dot", PALETTE[i % PALETTE.length]);
      legend.appendChild(item);
    });
    var k = scale(), r = (points.length > 500 ? 5 : 8) / k;
    var dots = svgEl("g", {}), labels = svgEl("g", {"class": "labels"});
    points.forEach(function (p) {
      var link = svgEl("a", {href: "/assets/" + p.asset_id});
      var dot = svgEl("circle", {cx: p.cx, cy: p.cy, r: r, fill: PALETTE[groups.indexOf(groupOf(p)) % PALETTE.length],
                                 "data-asset-id": p.asset_id, "stroke-width": 1.5 / k});
      if (selected[p.asset_id]) dot.setAttribute("class", "picked");
      if (highlight.length && highlight.indexOf(p.asset_id) < 0) dot.setAttribute("opacity", "0.25");
      if (p.keyframe) dot.setAttribute("data-keyframe", "true");
      dot.addEventListener("pointerenter", function (event) { showTip(p, event); });
      dot.addEventListener("pointerleave", function () { tip.hidden = true; });
      link.appendChild(dot);
      dots.appendChild(link);
    });
    placeLabels(points, k).forEach(function (label) {
      var node = svgEl("text", {x: label.box.x, y: label.box.y + label.box.h * 0.85, "font-size": LABEL_PX / k});
      node.textContent = label.text;
      labels.appendChild(node);
    });
    svg.appendChild(dots);
    svg.appendChild(labels);
    countSelected();
  }

  function showTip(p, event) {
    var box = wrap.getBoundingClientRect();
    var img = tip.querySelector("img");
    if (p.thumbnail_url) { img.src = p.thumbnail_url; img.hidden = false; } else { img.hidden = true; }
    tip.querySelector("span").textContent = p.filename + " · " + groupOf(p);
    tip.hidden = false;
    var left = event.clientX - box.left + 14, top = event.clientY - box.top + 14;
    if (left + 180 > box.width) left -= 200;
    if (top + 170 > box.height) top -= 190;
    tip.style.left = left + "px";
    tip.style.top = top + "px";
  }

  // --- Zoom and pan ---
  function toMap(clientX, clientY) {
    var box = svg.getBoundingClientRect();
    return {x: view.x + (clientX - box.left) / box.width * view.w, y: view.y + (clientY - box.top) / box.height * view.h};
  }
  function zoomAt(factor, at) {
    var w = Math.max(W / 40, Math.min(W, view.w / factor)), h = w * H / W;
    at = at || {x: view.x + view.w / 2, y: view.y + view.h / 2};
    view = {x: at.x - (at.x - view.x) * w / view.w, y: at.y - (at.y - view.y) * h / view.h, w: w, h: h};
    clamp();
    draw();
  }
  function clamp() {
    view.x = Math.max(0, Math.min(W - view.w, view.x));
    view.y = Math.max(0, Math.min(H - view.h, view.y));
  }
  svg.addEventListener("wheel", function (event) {
    event.preventDefault();
    zoomAt(event.deltaY < 0 ? 1.25 : 0.8, toMap(event.clientX, event.clientY));
  }, {passive: false});
  document.getElementById("zoom-in").addEventListener("click", function () { zoomAt(1.5); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoomAt(1 / 1.5); });
  document.getElementById("zoom-reset").addEventListener("click", function () { view = {x: 0, y: 0, w: W, h: H}; draw(); });

  var drag = null, path = null, trail = [];
  svg.addEventListener("pointerdown", function (event) {
    if (event.button !== 0) return;
    if (lasso) {
      event.preventDefault();
      trail = [toMap(event.clientX, event.clientY)];
      path = svgEl("polygon", {"class": "lasso", points: "", "stroke-width": 1.5 / scale()});
      svg.appendChild(path);
      svg.setPointerCapture(event.pointerId);
      return;
    }
    if (event.target.tagName === "circle") return;  // a click opens the asset
    drag = {x: event.clientX, y: event.clientY, view: Object.assign({}, view)};
    svg.setPointerCapture(event.pointerId);
  });
  svg.addEventListener("pointermove", function (event) {
    if (path) {
      trail.push(toMap(event.clientX, event.clientY));
      path.setAttribute("points", trail.map(function (q) { return q.x + "," + q.y; }).join(" "));
    } else if (drag) {
      var box = svg.getBoundingClientRect();
      view.x = drag.view.x - (event.clientX - drag.x) / box.width * view.w;
      view.y = drag.view.y - (event.clientY - drag.y) / box.height * view.h;
      clamp();
      svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" "));
    }
  });
  svg.addEventListener("pointerup", function () {
    if (path) {
      if (trail.length > 2) shown().forEach(function (p) { if (inside(p, trail)) selected[p.asset_id] = true; });
      path = null; trail = [];
      draw();
    } else if (drag) { drag = null; draw(); }
  });
  function inside(p, polygon) {  // ray casting
    var hit = false;
    for (var i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
      var a = polygon[i], b = polygon[j];
      if ((a.y > p.cy) !== (b.y > p.cy) && p.cx < (b.x - a.x) * (p.cy - a.y) / (b.y - a.y) + a.x) hit = !hit;
    }
    return hit;
  }
  var lassoButton = document.getElementById("lasso-toggle");
  function setLasso(on) {
    lasso = on;
    lassoButton.setAttribute("aria-pressed", on ? "true" : "false");
    lassoButton.classList.toggle("primary", on);
    wrap.classList.toggle("lassoing", on);
  }
  lassoButton.addEventListener("click", function () { setLasso(!lasso); });

  // --- Acting on the selection ---
  var bar = document.getElementById("map-selection"), message = document.getElementById("map-message");
  function ids() { return Object.keys(selected); }
  function countSelected() {
    bar.hidden = ids().length === 0;
    document.getElementById("map-selection-count").textContent = ids().length + " selected";
  }
  var actions = {
    clear: function () { selected = {}; draw(); },
    matrix: function (chosen) { window.location = "/similarity-matrix?ids=" + chosen.join(","); },
    check: function (chosen) { window.location = "/character-check?renders=" + chosen.join(","); },
    library: function (chosen) {
      try { window.sessionStorage.setItem("library-selection", JSON.stringify(chosen)); } catch (e) { /* private mode */ }
      ui.show(message, chosen.length + " kept as the library selection (character check can use it).", "success");
    },
    collect: function (chosen) {
      var target = document.getElementById("map-collection").value;
      var request = target
        ? ui.api("collections/" + target + "/assets", {method: "POST", body: {asset_ids: chosen}})
        : ui.api("collections", {method: "POST", body: {name: window.prompt("Name of the new collection") || "", asset_ids: chosen}});
      request.then(function (answer) {
        if (!answer.ok) { ui.show(message, answer.message); return; }
        ui.show(message, "", "success");
        message.textContent = "Added " + chosen.length + " to ";
        message.appendChild(ui.el("a", {href: answer.data.url, text: answer.data.name}));
        message.appendChild(document.createTextNode("."));
      });
    }
  };
  Array.prototype.forEach.call(bar.querySelectorAll("[data-map-action]"), function (button) {
    button.addEventListener("click", function () { actions[button.getAttribute("data-map-action")](ids()); });
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName)) return;
    if (event.key === "+" || event.key === "=") zoomAt(1.5);
    else if (event.key === "-") zoomAt(1 / 1.5);
    else if (event.key === "0") { view = {x: 0, y: 0, w: W, h: H}; draw(); }
    else if (event.key === "l") setLasso(!lasso);
    else if (event.key === "Escape") { setLasso(false); actions.clear(); }
  });
  Array.prototype.forEach.call(document.querySelectorAll("input[name=colour]"), function (radio) {
    radio.addEventListener("change", function () { by = radio.value; draw(); });
  });
  keyframesBox.addEventListener("change", draw);
  window.addEventListener("resize", draw);
  draw();
})();
