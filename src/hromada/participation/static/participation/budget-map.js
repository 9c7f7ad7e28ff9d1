// The budget projects on a Leaflet map (Leaflet from the django-leaflet package). The page lists the same
// projects with their coordinates and OpenStreetMap links, so nothing depends on this script.
(function () {
  var source = document.getElementById("budget-map-data");
  var element = document.getElementById("budget-map");
  if (!source || !element || typeof L === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  element.hidden = false;
  var map = L.map(element, { scrollWheelZoom: false });
  if (data.tiles) {
    L.tileLayer(data.tiles, { maxZoom: 19, attribution: data.attribution }).addTo(map);
  }
  var layer = L.featureGroup().addTo(map);
  data.points.forEach(function (p) {
    var link = document.createElement("a");  // a text node: titles come from people
    link.href = p.url;
    link.textContent = p.label;
    L.circleMarker([p.lat, p.lon], { radius: 7, color: "#0b4f8a", weight: 2, fillOpacity: 0.6 })
      .bindPopup(link).addTo(layer);
  });
  map.fitBounds(layer.getBounds(), { padding: [20, 20], maxZoom: 16 });
})();
