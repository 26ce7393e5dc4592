// directory-location.js - "Use my location" on the directory's search page
// (issue #15), as progressive enhancement: the template keeps the button
// hidden, so that without JavaScript, or in a browser without geolocation,
// the page offers only the typed municipality or postcode.  Here the
// button asks the browser for its position once, rounds it to 0.001
// degrees (about 100 m: the server needs no finer place to order the
// results, and the address of the results page carries no more than that)
// and sends the form with lat, lon and sort=distance, the typed place
// emptied (the server refuses both at once).  A refusal or a failure is
// said in plain words next to the button, in a live region.  The
// Permissions-Policy of this page alone allows geolocation for the site
// itself (http/server.c).
'use strict';

(function () {
  var box = document.querySelector('.directory-here');
  if (!box || !navigator.geolocation) return;
  var form = box.closest('form');
  var button = box.querySelector('button');
  var status = box.querySelector('.directory-here__status');
  var near = form.querySelector('#near');

  var field = function (name, value) {
    var input = form.querySelector('input[type="hidden"][name="' + name + '"]');
    if (!input) {
      input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      form.appendChild(input);
    }
    input.value = value;
  };

  // A place typed after the location was used replaces it.
  near.addEventListener('input', function () {
    form.querySelectorAll('input[type="hidden"][name="lat"], input[type="hidden"][name="lon"]')
      .forEach(function (input) { input.remove(); });
  });

  box.hidden = false;
  button.addEventListener('click', function () {
    button.disabled = true;
    status.textContent = box.dataset.asking;
    navigator.geolocation.getCurrentPosition(function (pos) {
      field('lat', pos.coords.latitude.toFixed(3));
      field('lon', pos.coords.longitude.toFixed(3));
      near.value = '';
      form.querySelector('#sort').value = 'distance';
      form.submit();
    }, function (err) {
      button.disabled = false;
      status.textContent = err.code === err.PERMISSION_DENIED ? box.dataset.denied : box.dataset.unavailable;
    }, { enableHighAccuracy: false, timeout: 20000, maximumAge: 600000 });
  });
}());
