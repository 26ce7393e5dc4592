// forms.js - the keyboard and screen-reader side of the form model
// (templates/layout/form.tmpl).  Everything works without it; with it:
//  - a page that comes back with mistakes moves focus to their summary, so
//    a screen reader reads the list at once and Tab goes on to the first
//    link (WCAG 3.3.1, 2.4.3);
//  - a link in the summary lands on the field itself: on the control, or on
//    the first control of a group of radios or checkboxes, scrolled so that
//    its label is in view.
'use strict';

(function () {
  var summary = document.querySelector('.error-summary');
  if (!summary) return;
  summary.focus();
  summary.addEventListener('click', function (ev) {
    var link = ev.target.closest('a[href^="#"]');
    if (!link) return;
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) return;
    var control = target.matches('input, select, textarea, button') ? target :
      target.querySelector('input, select, textarea, button');
    if (!control) return;
    ev.preventDefault();
    var label = target.closest('fieldset') || target.closest('.field') || control;
    label.scrollIntoView();
    control.focus({ preventScroll: true });
  });
})();
