// The atlas map: country outlines (offline) or tiles (when configured), every municipality with
// partnerships as a clustered point; choosing one (click, or Enter or Space on a focused point) draws
// the lines to its partners, marks it apart from the others and lists its partners in a panel beside
// it, over the map (below the map on a phone). The filters and the chosen place live in the URL, so a
// view can be shared.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("map-config").textContent);
  var element = document.getElementById("atlas-map");
  var statusLine = document.getElementById("map-status");
  var announce = document.getElementById("map-announce");
  var panel = document.getElementById("map-panel");
  var panelBody = document.getElementById("map-panel-body");
  var labels = config.labels;
  var overlay = window.matchMedia("(min-width: 801px)");  // the panel lies over the map (atlas.css)

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

  // A group's icon says how many places it holds, also to a screen reader ("6 places").
  var clusters = L.markerClusterGroup({
    chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 45,
    iconCreateFunction: function (cluster) {
      var n = cluster.getChildCount();
      var size = n < 10 ? "small" : n < 100 ? "medium" : "large";
      var name = format(labels.places, { n: n.toLocaleString(document.documentElement.lang) });
      return L.divIcon({
        html: '<span aria-hidden="true">' + n + '</span><span class="visually-hidden">' + name + "</span>",
        className: "cluster cluster-" + size, iconSize: L.point(36, 36)
      });
    }
  }).addTo(map);
  // Space on a group opens it as Enter does (markercluster handles Enter itself).
  clusters.on("clusterkeydown", function (event) {
    if (event.originalEvent.key !== " ") { return; }
    event.originalEvent.preventDefault();
    event.layer.zoomToBounds();
    element.focus();
  });

  var pinIcon = L.divIcon({ className: "pin", iconSize: L.point(14, 14) });
  var chosenIcon = L.divIcon({ className: "pin pin-chosen", iconSize: L.point(26, 26) });
  var lines = L.layerGroup().addTo(map);
  var data = null;
  var byPlace = {};
  var markers = {};
  var chosen = null;

  // The chosen place's marker is larger, ringed, and leaves its cluster, so that no cluster hides it.
  function showChosen(index) {
    if (chosen) {
      map.removeLayer(chosen);
      chosen.setIcon(pinIcon);
      chosen.setZIndexOffset(0);
      clusters.addLayer(chosen);
    }
    chosen = markers[index] || null;
    if (chosen) {
      clusters.removeLayer(chosen);
      chosen.setIcon(chosenIcon).setZIndexOffset(1000).addTo(map);
      chosen.getElement().setAttribute("aria-current", "true");
    }
  }

  function placeUrl(ref) {
    var params = new URLSearchParams(window.location.search);
    params.delete("place");
    var query = params.toString();
    return config.partners.replace("REF", encodeURIComponent(ref)) + (query ? "?" + query : "");
  }

  function remember(ref) {
    var params = new URLSearchParams(window.location.search);
    if (ref) { params.set("place", ref); } else { params.delete("place"); }
    var query = params.toString();
    window.history.replaceState(null, "", query ? "?" + query : window.location.pathname);
  }

  function select(index, byKeyboard) {
    var place = data.places[index];
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
    showChosen(index);
    remember(place[0]);
    announce.textContent = format(labels.selected, { name: place[1] });
    htmx.ajax("GET", placeUrl(place[0]), { target: "#map-panel-body" }).then(function () {
      panel.hidden = false;
      // Over the map the panel covers its right side: the lines are fitted into the rest.
      var right = overlay.matches ? panel.offsetWidth + 32 : 40;
      if (points.length > 1) { map.fitBounds(points, { paddingTopLeft: [40, 40], paddingBottomRight: [right, 40], maxZoom: 6 }); }
      panel.scrollIntoView({ block: "nearest" });
      if (byKeyboard) { panel.focus(); }
    });
  }

  function close() {
    var marker = chosen;
    panel.hidden = true;
    panelBody.textContent = "";
    lines.clearLayers();
    showChosen(null);
    remember(null);
    announce.textContent = "";
    // Back to the point that was chosen if it stands alone again, else to the map.
    var icon = marker && marker.getElement();
    (icon && icon.isConnected ? icon : element).focus();
  }

  document.getElementById("map-panel-close").addEventListener("click", close);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { close(); }
  });

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
          var marker = L.marker([place[2], place[3]], { title: place[1], keyboard: true, icon: pinIcon });
          marker.on("click", function () { select(i, false); });
          // Leaflet gives a focused marker the role of a button, but no key chooses it: Enter and Space do.
          marker.on("keydown", function (event) {
            var key = event.originalEvent.key;
            if (key !== "Enter" && key !== " ") { return; }
            event.originalEvent.preventDefault();
            select(i, true);
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
