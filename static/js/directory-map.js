// directory-map.js - the directory's search results on a map (issue #15),
// as progressive enhancement: the list stays the page and is complete
// without this.  With Leaflet (static/vendor/leaflet/) and a tile host set
// (map_tiles; without it the page has no map and no script of it), the
// section the template keeps hidden is shown with a marker for each result
// of the list that has a place.  A marker is a button in the Tab order,
// named by the place; Enter opens a popup with the list item itself (the
// same name, address, hours and link), whose link then gets the focus,
// and closing it (Escape, or its button) gives the focus back to the
// marker.  At low zoom nearby markers cluster; Enter on a cluster zooms
// in.
'use strict';

(function () {
  var section = document.querySelector('.directory-map');
  if (!section || !window.L || !L.markerClusterGroup) return;
  var items = document.querySelectorAll('.directory-list__item[data-lat]');
  if (items.length === 0) return;
  var d = section.dataset;
  var esc = function (s) {
    return String(s).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; });
  };

  section.hidden = false;
  var map = L.map(section.querySelector('.directory-map__canvas'), {
    zoomControl: false, attributionControl: false, scrollWheelZoom: false,
  });
  L.control.zoom({ zoomInTitle: d.zoomIn, zoomOutTitle: d.zoomOut }).addTo(map);
  // The attribution is text from the settings: escaped, never markup.
  L.control.attribution({ prefix: false }).addAttribution(esc(d.attribution)).addTo(map);
  L.tileLayer(d.tiles, { minZoom: 4, maxZoom: 18 }).addTo(map);

  var group = L.markerClusterGroup({
    showCoverageOnHover: false,
    iconCreateFunction: function (cluster) {
      var n = cluster.getChildCount();
      return L.divIcon({
        html: '<div><span>' + n + '<span class="visually-hidden"> ' + esc(d.cluster) + '</span></span></div>',
        className: 'marker-cluster marker-cluster-' + (n < 10 ? 'small' : n < 100 ? 'medium' : 'large'),
        iconSize: L.point(40, 40),
      });
    },
  });
  Array.prototype.forEach.call(items, function (li) {
    var name = li.querySelector('h3').textContent.trim();
    var marker = L.marker([Number(li.dataset.lat), Number(li.dataset.lon)], {
      title: name, alt: name, keyboard: true,
    });
    var box = document.createElement('div');
    box.className = 'directory-map__popup';
    Array.prototype.forEach.call(li.childNodes, function (n) { box.appendChild(n.cloneNode(true)); });
    marker.bindPopup(box);
    group.addLayer(marker);
  });
  map.addLayer(group);
  map.fitBounds(group.getBounds(), { padding: [24, 24], maxZoom: 14 });

  map.on('popupopen', function (e) {
    var el = e.popup.getElement();
    var close = el.querySelector('.leaflet-popup-close-button');
    if (close) {
      close.setAttribute('aria-label', d.close);
      close.title = d.close;
    }
    var link = el.querySelector('.directory-map__popup a[href]');
    if (link) link.focus();
  });
  // Escape closes the popup from inside it too (Leaflet only listens
  // while the map itself has the focus).
  map.getContainer().addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && e.target.closest('.leaflet-popup')) map.closePopup();
  });
  map.on('popupclose', function (e) {
    var source = e.popup._source;
    var icon = source && source.getElement && source.getElement();
    if (icon && document.activeElement && e.popup.getElement() &&
        e.popup.getElement().contains(document.activeElement)) icon.focus();
  });
})();
