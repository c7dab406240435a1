// The atlas map: country outlines (offline) or tiles (when configured), every municipality with
// partnerships as a clustered point; choosing one draws the lines to its partners and lists them.
// The filters and the chosen place live in the URL, so a view can be shared.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("map-config").textContent);
  var element = document.getElementById("atlas-map");
  var statusLine = document.getElementById("map-status");
  var panel = document.getElementById("map-panel");
  var labels = config.labels;

  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, name) { return values[name]; });
  }

  var map = L.map(element, { zoomControl: false, worldCopyJump: true, minZoom: 2, maxZoom: 12 });
  L.control.zoom({ zoomInTitle: labels.zoomIn, zoomOutTitle: labels.zoomOut }).addTo(map);
  map.setView([40, 50], 3);
  if (config.tiles) {
    L.tileLayer(config.tiles, { attribution: config.tileAttribution, maxZoom: 18 }).addTo(map);
  } else {
    fetch(config.outlines).then(function (r) { return r.json(); }).then(function (topo) {
      L.geoJSON(window.atlasOutlines(topo), { className: "country", interactive: false })
        .addTo(map).bringToBack();
    });
  }

  var clusters = L.markerClusterGroup({
    chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 45,
    iconCreateFunction: function (cluster) {
      var n = cluster.getChildCount();
      var size = n < 10 ? "small" : n < 100 ? "medium" : "large";
      return L.divIcon({ html: "<span>" + n + "</span>", className: "cluster cluster-" + size, iconSize: L.point(36, 36) });
    }
  }).addTo(map);
  var lines = L.layerGroup().addTo(map);
  var data = null;
  var byPlace = {};
  var markers = {};
  var selected = null;
  var chosen = null;

  // The chosen place's marker leaves its cluster while chosen, so that no cluster hides it.
  function showChosen(index) {
    if (chosen) { map.removeLayer(chosen); clusters.addLayer(chosen); }
    chosen = markers[index] || null;
    if (chosen) { clusters.removeLayer(chosen); chosen.setZIndexOffset(1000).addTo(map); }
  }

  function placeUrl(ref) {
    var params = new URLSearchParams(window.location.search);
    params.delete("place");
    var query = params.toString();
    return config.partners.replace("REF", encodeURIComponent(ref)) + (query ? "?" + query : "");
  }

  function select(index, focusPanel) {
    var place = data.places[index];
    selected = index;
    lines.clearLayers();
    var points = [[place[2], place[3]]];
    (byPlace[index] || []).forEach(function (p) {
      var partnership = data.partnerships[p];
      for (var i = 2; i < partnership.length; i++) {
        var other = data.places[partnership[i]];
        if (partnership[i] === index || other[2] === null) { continue; }
        L.polyline([[place[2], place[3]], [other[2], other[3]]], { className: "link link-" + partnership[1], interactive: false }).addTo(lines);
        L.circleMarker([other[2], other[3]], { radius: 5, className: "pin-partner", interactive: false }).addTo(lines);
        points.push([other[2], other[3]]);
      }
    });
    L.circleMarker([place[2], place[3]], { radius: 8, className: "pin-main", interactive: false }).addTo(lines);
    showChosen(index);
    if (points.length > 1) { map.fitBounds(points, { padding: [40, 40], maxZoom: 6 }); }
    var params = new URLSearchParams(window.location.search);
    params.set("place", place[0]);
    window.history.replaceState(null, "", "?" + params.toString());
    htmx.ajax("GET", placeUrl(place[0]), { target: "#map-panel" }).then(function () {
      if (focusPanel) { panel.focus(); }
    });
  }

  function load() {
    fetch(config.data, { headers: { "Accept": "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (payload) {
        data = payload;
        var refs = {};
        payload.partnerships.forEach(function (p, i) {
          for (var k = 2; k < p.length; k++) { (byPlace[p[k]] = byPlace[p[k]] || []).push(i); }
        });
        var list = [];
        payload.places.forEach(function (place, i) {
          refs[place[0]] = i;
          if (place[2] === null || !byPlace[i]) { return; }
          var marker = L.marker([place[2], place[3]], {
            title: place[1], alt: place[1], keyboard: true,
            icon: L.divIcon({ className: "pin", iconSize: L.point(14, 14) })
          });
          marker.on("click", function (event) {
            select(i, Boolean(event.originalEvent && event.originalEvent.type === "keypress"));
          });
          markers[i] = marker;
          list.push(marker);
        });
        clusters.addLayers(list);
        statusLine.textContent = payload.count === 1 ? labels.partnership
          : format(labels.partnerships, { n: payload.count.toLocaleString(document.documentElement.lang) });
        var wanted = new URLSearchParams(window.location.search).get("place");
        if (wanted && refs[wanted] !== undefined) { select(refs[wanted], false); }
        else if (list.length) { map.fitBounds(clusters.getBounds(), { padding: [48, 48], maxZoom: 6 }); }
      })
      .catch(function () { statusLine.textContent = labels.failed; });
  }
  load();
})();
