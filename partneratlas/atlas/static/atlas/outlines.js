// Country outlines for the maps (world-atlas TopoJSON via topojson-client), as GeoJSON Leaflet draws flat.
(function () {
  "use strict";

  // Rings that cross the date line (Russia, Fiji) jump from 180° to -180°; drawn flat, a jump is a band
  // across the whole map. Unwrapped, they run on past 180°. A ring round a pole (Antarctica) stays.
  function unwrap(ring) {
    var shift = 0;
    var out = ring.map(function (p, i) {
      if (i > 0) {
        var step = p[0] - ring[i - 1][0];
        if (step > 180) { shift -= 360; } else if (step < -180) { shift += 360; }
      }
      return [p[0] + shift, p[1]];
    });
    if (shift !== 0) { return ring; }
    var west = Math.min.apply(null, out.map(function (p) { return p[0]; }));
    return west < -180 ? out.map(function (p) { return [p[0] + 360, p[1]]; }) : out;
  }
  window.atlasOutlines = function (topo) {
    var countries = topojson.feature(topo, topo.objects.countries);
    countries.features.forEach(function (f) {
      var g = f.geometry;
      if (g && g.type === "Polygon") { g.coordinates = g.coordinates.map(unwrap); }
      if (g && g.type === "MultiPolygon") { g.coordinates = g.coordinates.map(function (p) { return p.map(unwrap); }); }
    });
    return countries;
  };
})();
