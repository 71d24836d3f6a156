/* ReDoc on /redoc: the schema URL and settings come from the container's data attributes, so the
   page has no inline script (the Content-Security-Policy allows scripts from this site only). */
(function () {
  "use strict";
  var container = document.getElementById("redoc-container");
  var settings = JSON.parse(container.getAttribute("data-settings") || "{}");
  Redoc.init(container.getAttribute("data-schema-url"), settings, container);
})();
