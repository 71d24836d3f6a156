/* Library map: the server's 2-D projection drawn as SVG dots, coloured by tag or cluster;
   hovering names the asset, clicking opens it. */
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var W = 1000, H = 600, PAD = 30;
  var points = JSON.parse(document.getElementById("map-data").textContent);
  var svg = document.getElementById("map");
  var legend = document.getElementById("legend");
  // Distinct hues that stay apart for the first dozen groups; later groups reuse them.
  var PALETTE = ["#2f5bd3", "#e4572e", "#17a398", "#f3a712", "#8e44ad", "#c0392b", "#2e86ab",
                 "#6a994e", "#d81159", "#5c6b73", "#ff7f11", "#3d348b"];

  function groupOf(point, by) { return by === "cluster" ? "cluster " + (point.cluster + 1) : "#" + point.tag; }

  function draw(by) {
    svg.textContent = "";
    legend.textContent = "";
    var groups = [];
    points.forEach(function (p) { var g = groupOf(p, by); if (groups.indexOf(g) < 0) groups.push(g); });
    groups.sort();
    groups.forEach(function (g, i) {
      var item = ui.el("span", {text: g});
      item.style.setProperty("--dot", PALETTE[i % PALETTE.length]);
      legend.appendChild(item);
    });
    points.forEach(function (p) {
      var link = document.createElementNS(NS, "a");
      link.setAttribute("href", "/assets/" + p.asset_id);
      var dot = document.createElementNS(NS, "circle");
      dot.setAttribute("cx", PAD + p.x * (W - 2 * PAD));
      dot.setAttribute("cy", PAD + (1 - p.y) * (H - 2 * PAD));
      dot.setAttribute("r", points.length > 500 ? 5 : 9);
      dot.setAttribute("fill", PALETTE[groups.indexOf(groupOf(p, by)) % PALETTE.length]);
      dot.setAttribute("data-asset-id", p.asset_id);
      var title = document.createElementNS(NS, "title");
      title.textContent = p.filename + " (" + groupOf(p, by) + ")";
      dot.appendChild(title);
      link.appendChild(dot);
      // Names beside the dots while they stay legible; larger maps name them on hover only.
      if (points.length <= 60) {
        var label = document.createElementNS(NS, "text");
        label.setAttribute("x", Number(dot.getAttribute("cx")) + 12);
        label.setAttribute("y", Number(dot.getAttribute("cy")) + 4);
        label.setAttribute("font-size", "13");
        label.setAttribute("fill", "#39435a");
        if (p.x > 0.8) { label.setAttribute("text-anchor", "end"); label.setAttribute("x", Number(dot.getAttribute("cx")) - 12); }
        label.textContent = p.filename;
        link.appendChild(label);
      }
      svg.appendChild(link);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("input[name=colour]"), function (radio) {
    radio.addEventListener("change", function () { draw(radio.value); });
  });
  draw("tag");
})();
