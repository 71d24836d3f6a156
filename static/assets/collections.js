/* Collections: make one (the list page), rename or delete one (its page). */
(function () {
  "use strict";
  var form = document.getElementById("collection-form");
  if (form) form.addEventListener("submit", function (event) {
    event.preventDefault();
    var message = document.getElementById("collection-message");
    ui.api("collections", {method: "POST", body: {name: document.getElementById("collection-name").value,
                                                   description: document.getElementById("collection-description").value}})
      .then(function (answer) {
        if (!answer.ok) { ui.show(message, answer.message); return; }
        window.location = answer.data.url;
      });
  });
  var page = document.getElementById("collection-page");
  if (!page) return;
  var id = page.getAttribute("data-collection-id");
  document.getElementById("collection-rename").addEventListener("click", function () {
    var name = window.prompt("New name of the collection", page.getAttribute("data-name"));
    if (!name) return;
    ui.api("collections/" + id, {method: "PATCH", body: {name: name}}).then(function (answer) {
      if (answer.ok) window.location.reload(); else window.alert(answer.message);
    });
  });
  document.getElementById("collection-delete").addEventListener("click", function () {
    if (!window.confirm("Delete the collection “" + page.getAttribute("data-name") + "”? Its assets stay in the library.")) return;
    ui.api("collections/" + id, {method: "DELETE"}).then(function (answer) {
      if (answer.ok) window.location = "/collections"; else window.alert(answer.message);
    });
  });
})();
