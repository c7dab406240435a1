// Suggestions under the search box: the arrow keys move between the box and the suggestions,
// Escape closes them. The list itself comes from the server (htmx).
(function () {
  "use strict";
  function links(box) { return Array.prototype.slice.call(box.querySelectorAll("a")); }
  document.addEventListener("DOMContentLoaded", function () {
    var input = document.getElementById("site-search");
    var box = document.getElementById("search-suggestions");
    if (!input || !box) { return; }
    function close() { box.innerHTML = ""; }
    input.addEventListener("keydown", function (event) {
      var items = links(box);
      if (event.key === "ArrowDown" && items.length) { event.preventDefault(); items[0].focus(); }
      if (event.key === "Escape") { close(); }
    });
    box.addEventListener("keydown", function (event) {
      var items = links(box);
      var at = items.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && at < items.length - 1) { event.preventDefault(); items[at + 1].focus(); }
      if (event.key === "ArrowUp") { event.preventDefault(); (at > 0 ? items[at - 1] : input).focus(); }
      if (event.key === "Escape") { close(); input.focus(); }
    });
    document.addEventListener("click", function (event) {
      if (!input.form.contains(event.target)) { close(); }
    });
  });
})();
