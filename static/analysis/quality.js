/* The histogram's bar heights come from data attributes (no inline styles under the CSP). */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll(".histogram .fill"), function (fill) {
    fill.style.height = Math.max(Number(fill.getAttribute("data-height")), 0.5) + "%";
  });
})();
