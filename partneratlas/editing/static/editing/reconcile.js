// The small maps of the settle screen (editing/reconcile.html): the places offered for one name,
// numbered as in the lists beside them. A picture (role="img"): the lists are where one chooses.
(function () {
  "use strict";

  function draw(element) {
    var data = document.getElementById(element.getAttribute("data-points"));
    if (!window.L || !data || element.getAttribute("data-drawn")) { return; }
    element.setAttribute("data-drawn", "true");
    var points = JSON.parse(data.textContent);
    var map = L.map(element, { attributionControl: false, zoomControl: false, keyboard: false, dragging: false,
                               touchZoom: false, doubleClickZoom: false, scrollWheelZoom: false, boxZoom: false });
    var bounds = L.latLngBounds(points.map(function (p) { return [p.lat, p.lon]; }));
    if (points.length === 1) { map.setView(bounds.getCenter(), 7); }
    else { map.fitBounds(bounds, { padding: [28, 28], maxZoom: 8 }); }
    var placed = [];
    points.forEach(function (p) {
      // Places a few kilometres apart (a town and the city it belongs to) would hide each other's number:
      // such a pin moves aside by its own width.
      var at = map.latLngToContainerPoint([p.lat, p.lon]), shift = 0;
      while (placed.some(function (q) { return Math.abs(q.x - (at.x + shift)) < 22 && Math.abs(q.y - at.y) < 22; })) {
        shift += 24;
      }
      placed.push(L.point(at.x + shift, at.y));
      var icon = L.divIcon({ className: "settle-pin", html: String(p.n), iconSize: [24, 24], iconAnchor: [12 - shift, 12] });
      L.marker([p.lat, p.lon], { icon: icon, interactive: false, keyboard: false }).addTo(map);
    });
    var source = element.getAttribute("data-outlines");
    if (source && window.atlasOutlines) {
      fetch(source).then(function (r) { return r.json(); }).then(function (topo) {
        L.geoJSON(window.atlasOutlines(topo), { className: "country", interactive: false }).addTo(map).bringToBack();
      });
    }
  }

  function drawAll(root) {
    Array.prototype.forEach.call(root.querySelectorAll(".settle-map"), draw);
  }

  drawAll(document);
  // A search made with htmx swaps one name's section: draw its map again.
  document.body.addEventListener("htmx:load", function (event) { drawAll(event.detail.elt); });
})();
