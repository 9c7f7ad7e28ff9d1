// Connections and cameras on a Leaflet map (Leaflet from the django-leaflet package). Without tiles (offline, or
// HROMADA_MAP_TILES_URL empty) the markers still show on a blank background; without this script the table under
// the map lists the same places, so nothing depends on it.
(function () {
  var source = document.getElementById("network-map-data");
  var element = document.getElementById("network-map");
  if (!source || !element || typeof L === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  if (!data.points.length) { return; }
  element.hidden = false;
  var map = L.map(element, { scrollWheelZoom: false });
  if (data.tiles) {
    L.tileLayer(data.tiles, { maxZoom: 19, attribution: data.attribution }).addTo(map);
  }
  var layer = L.featureGroup().addTo(map);
  data.points.forEach(function (p) {
    // A text node, never HTML: labels come from the registers, i.e. from people.
    var content;
    if (p.url) {
      content = document.createElement("a");
      content.href = p.url;
    } else {
      content = document.createElement("span");
    }
    content.textContent = p.label;
    L.circleMarker([p.lat, p.lon], {
      radius: p.approximate ? 5 : 7,
      color: p.fast ? "#1b5e20" : "#8a4b00",
      weight: 2,
      dashArray: p.approximate ? "3 3" : null,
      fillOpacity: p.approximate ? 0.2 : 0.6
    }).bindPopup(content).addTo(layer);
  });
  map.fitBounds(layer.getBounds(), { padding: [20, 20], maxZoom: 15 });
})();
