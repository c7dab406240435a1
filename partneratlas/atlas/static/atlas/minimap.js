// The small map on a municipality's or a partnership's page: its members and the lines between them.
// A picture (role="img"), so it does not move: dragging it would catch a phone's scrolling finger.
(function () {
  "use strict";

  var element = document.getElementById("mini-map");
  var data = document.getElementById("mini-map-points");
  if (!element || !data || !window.L) { return; }
  var points = JSON.parse(data.textContent);
  var map = L.map(element, { attributionControl: false, zoomControl: false, keyboard: false, dragging: false,
                             touchZoom: false, doubleClickZoom: false, scrollWheelZoom: false, boxZoom: false });
  var source = element.getAttribute("data-outlines");
  var main = points.filter(function (p) { return p.main; });
  var layer = L.featureGroup().addTo(map);
  points.forEach(function (p) {
    L.circleMarker([p.lat, p.lon], { radius: p.main ? 7 : 5, className: p.main ? "pin-main" : "pin-partner",
                                     interactive: false }).addTo(layer);
  });
  if (main.length === 1) {
    points.forEach(function (p) {
      if (!p.main) { L.polyline([[main[0].lat, main[0].lon], [p.lat, p.lon]], { className: "link", interactive: false }).addTo(layer); }
    });
  } else if (main.length > 1) {
    L.polyline(main.map(function (p) { return [p.lat, p.lon]; }), { className: "link", interactive: false }).addTo(layer);
  }
  if (source) {
    fetch(source).then(function (r) { return r.json(); }).then(function (topo) {
      L.geoJSON(window.atlasOutlines(topo), { className: "country", interactive: false }).addTo(map).bringToBack();
    });
  }
  if (points.length === 1) { map.setView([points[0].lat, points[0].lon], 6); }
  else { map.fitBounds(layer.getBounds(), { padding: [24, 24], maxZoom: 7 }); }
})();
