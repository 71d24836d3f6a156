/* Shared helpers for the web UI: calls to /api/v1 with the session's CSRF token, the
   API's error envelope in plain words, and a tiny element builder. No build step. */
(function () {
  "use strict";
  var API = document.body.getAttribute("data-api") || "/api/v1/";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // The envelope's message, with the model's how-to-fix when the weights are missing.
  function errorText(data, status) {
    var error = data && data.error;
    if (!error) return "The server answered " + status + " without an explanation.";
    var text = error.message || error.code;
    if (error.code === "MODEL_NOT_LOADED" && error.details && error.details.how_to_fix) {
      text += " " + error.details.how_to_fix;
    } else if (error.code === "VALIDATION_ERROR" && error.details && typeof error.details === "object") {
      var parts = [];
      Object.keys(error.details).forEach(function (field) {
        var value = error.details[field];
        parts.push(field + ": " + (Array.isArray(value) ? value.join(" ") : JSON.stringify(value)));
      });
      if (parts.length) text += " (" + parts.join("; ") + ")";
    }
    return text;
  }

  // fetch() against the API; resolves {ok, status, data, message} and never rejects.
  function api(path, options) {
    options = options || {};
    var init = {method: options.method || "GET", credentials: "same-origin",
                headers: {"Accept": "application/json", "X-CSRFToken": csrfToken()}};
    if (options.body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(options.body);
    }
    return fetch(API + path, init).then(function (response) {
      return response.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
        return {ok: response.ok, status: response.status, data: data,
                message: response.ok ? "" : errorText(data, response.status)};
      });
    }, function () {
      return {ok: false, status: 0, data: null, message: "The server could not be reached. Check your connection."};
    });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "className") node.className = attrs[key];
      else if (attrs[key] !== null && attrs[key] !== undefined) node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function show(node, message, kind) {
    node.textContent = message;
    node.className = "notice " + (kind || "error");
    node.hidden = !message;
  }

  function pct(value) { return (Math.round(value * 10) / 10).toFixed(1) + "%"; }

  window.ui = {api: api, apiBase: API, csrfToken: csrfToken, errorText: errorText, el: el, show: show, pct: pct};
})();

/* Page-wide behaviour with no inline handlers (the pages run under a strict CSP):
   forms that ask first (data-confirm), the shortcuts list on "?", "/" to search. */
(function () {
  "use strict";
  function typing(target) { return /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.isContentEditable; }

  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  }, true);

  var dialog = document.getElementById("shortcuts");
  function showShortcuts() { if (dialog && !dialog.open) dialog.showModal(); }
  Array.prototype.forEach.call(document.querySelectorAll("[data-shortcuts]"), function (button) {
    button.addEventListener("click", showShortcuts);
  });
  var pendingG = false;
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (event.key === "?") { event.preventDefault(); showShortcuts(); return; }
    if (event.key === "/") {
      var search = document.querySelector("input[type=search]");
      if (search) { event.preventDefault(); search.focus(); search.select(); }
      return;
    }
    if (pendingG && event.key === "j") { pendingG = false; document.dispatchEvent(new CustomEvent("jobs-open")); return; }
    pendingG = event.key === "g";
  });
})();
