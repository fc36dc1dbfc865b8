/* Home page: one row of movies per genre (GET /api/genres, then /api/genres/{genre}?sortby=&k=). */
'use strict';

(function () {
  var ROW = 14;
  var rows = document.getElementById('rows');
  var sortSwitch = document.getElementById('sort-switch');
  var sortby = R4J.param('sortby') === 'releaseYear' ? 'releaseYear' : 'rating';

  function loadRow(genre, count, section) {
    var cards = section.querySelector('.cards');
    cards.setAttribute('data-state', 'loading');
    return R4J.api('/api/genres/' + encodeURIComponent(genre) + '?' + (sortby ? 'sortby=' + sortby + '&' : '') + 'k=' + ROW)
      .then(function (body) {
        cards.textContent = '';
        body.items.forEach(function (m) { cards.appendChild(R4J.movieCard(m)); });
        cards.setAttribute('data-state', 'ready');
      }, function (err) {
        cards.textContent = '';
        cards.appendChild(R4J.el('p', { class: 'status error', text: err.message }));
        cards.setAttribute('data-state', 'error');
      });
  }

  function loadAll(genres) {
    R4J.done('loading');
    var jobs = genres.map(function (g) { return loadRow(g.name, g.count, document.getElementById('row-' + g.slug)); });
    return Promise.all(jobs).then(function () { R4J.done('ready'); });
  }

  R4J.press(sortSwitch, 'sortby', sortby);
  Promise.all([R4J.api('/api/genres'), R4J.api('/api/health')]).then(function (both) {
    var body = both[0];
    if (both[1].orders && both[1].orders.indexOf('rating') < 0) {   // your own data: one order, the server's
      sortby = '';
      sortSwitch.hidden = true;
    }
    var genres = Object.keys(body.genres)
      .filter(function (g) { return g.indexOf('(') < 0; })   // "(no genres listed)"
      .map(function (g, i) { return { name: g, count: body.genres[g], slug: 'g' + i }; })
      .sort(function (a, b) { return b.count - a.count || a.name.localeCompare(b.name); });
    genres.forEach(function (g) {
      rows.appendChild(R4J.el('section', { class: 'row', id: 'row-' + g.slug, 'data-genre': g.name },
        R4J.el('h2', null, g.name + ' ', R4J.el('span', { class: 'count', text: g.count + (sortby ? ' movies' : ' items') })),
        R4J.el('div', { class: 'cards', 'data-state': 'loading' })));
    });
    R4J.status(genres.length + ' genres', false);
    Array.prototype.forEach.call(sortSwitch.querySelectorAll('button'), function (b) {
      b.addEventListener('click', function () {
        sortby = b.getAttribute('data-sortby');
        R4J.press(sortSwitch, 'sortby', sortby);
        R4J.setParam('sortby', sortby);
        loadAll(genres);
      });
    });
    return loadAll(genres);
  }).catch(function (err) {
    R4J.status('Could not load the genres: ' + err.message, true);
    R4J.done('error');
  });
})();
