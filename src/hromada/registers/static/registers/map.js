// Draws the registers' objects with Leaflet. Without tiles (offline, or HROMADA_MAP_TILES_URL empty) the
// markers and outlines still show on a blank background; the table under the map lists the same objects.
(function () {
  var data = JSON.parse(document.getElementById("map-data").textContent);
  var element = document.getElementById("registers-map");
  if (!element || typeof L === "undefined") { return; }
  element.hidden = false;
  var map = L.map(element, { scrollWheelZoom: false });
  if (data.tiles) {
    L.tileLayer(data.tiles, { maxZoom: 19, attribution: data.attribution }).addTo(map);
  }
  var layer = L.featureGroup().addTo(map);
  // Popups get a text node, never HTML: labels come from the registers, i.e. from people.
  function label(text) { var span = document.createElement("span"); span.textContent = text; return span; }
  data.buildings.forEach(function (b) {
    L.circleMarker([b.lat, b.lon], { radius: 6, color: "#0b4f8a", weight: 2, fillOpacity: 0.6 })
      .bindPopup(label(b.label + " (" + b.kind + ")"))
      .addTo(layer);
  });
  data.plots.forEach(function (p) {
    L.geoJSON(p.outline, { style: { color: "#2e7d32", weight: 2, fillOpacity: 0.2 } })
      .bindPopup(label(p.label))
      .addTo(layer);
  });
  if (layer.getLayers().length) {
    map.fitBounds(layer.getBounds(), { padding: [20, 20], maxZoom: 16 });
  } else {
    map.setView([48.5, 31.2], 6);  // Ukraine
  }
})();
