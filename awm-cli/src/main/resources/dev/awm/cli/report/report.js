(function () {
  'use strict';
  var input = document.getElementById('filter');
  var only = document.getElementById('troubled');
  var sections = Array.prototype.slice.call(document.querySelectorAll('section.env'));
  var shown = document.getElementById('shown');
  function apply() {
    var q = input.value.trim().toLowerCase();
    var n = 0;
    sections.forEach(function (s) {
      var hit = (q === '' || s.getAttribute('data-search').indexOf(q) >= 0)
        && (!only.checked || s.getAttribute('data-troubled') === 'yes');
      s.hidden = !hit;
      if (hit) n++;
    });
    shown.textContent = n + ' of ' + sections.length + ' environments shown';
  }
  input.addEventListener('input', apply);
  only.addEventListener('change', apply);
  document.getElementById('controls').hidden = false;
  apply();
  document.body.setAttribute('data-ready', 'yes');
})();
