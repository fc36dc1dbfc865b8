/*
 * Movie page: details and links (GET /api/movies/{id}), similar movies under a chosen embedding
 * (GET /api/movies/{id}/similar?model=&k=; the models come from GET /api/health).
 */
'use strict';

(function () {
  var K = 12;
  var id = R4J.param('movieId') || R4J.param('id');
  var similar = document.getElementById('similar');
  var modelSwitch = document.getElementById('model-switch');
  var hint = document.getElementById('similar-hint');
  var LABELS = { item2vec: 'item2vec', deepwalk: 'DeepWalk', node2vec: 'Node2vec', als: 'ALS' };

  function showDetails(m) {
    document.title = 'Recsys4J \u00b7 ' + m.title;
    var poster = document.getElementById('poster');
    poster.replaceWith(Object.assign(R4J.poster(m, true), { id: 'poster' }));
    document.getElementById('movie-title').textContent = m.title;
    document.getElementById('movie-year').textContent = m.releaseYear ? 'Released ' + m.releaseYear : '';
    var genres = document.getElementById('movie-genres');
    (m.genres || []).forEach(function (g) {
      genres.appendChild(R4J.el('span', { class: 'chip', text: g }));
    });
    document.getElementById('movie-rating').textContent = m.ratingNumber !== undefined
      ? R4J.fmtRating(m.averageRating, m.ratingNumber) : (m.interactions || 0) + ' users';
    (m.categories || []).forEach(function (g) {
      genres.appendChild(R4J.el('span', { class: 'chip', text: g }));
    });
    if (m.attributes) {   // any catalogue: every attribute the item has, by type
      var table = document.getElementById('attributes');
      var tbody = table.querySelector('tbody');
      m.attributes.forEach(function (a) {
        var v = a.value;
        var text = Array.isArray(v) ? v.join(', ') : a.type === 'timestamp' && typeof v === 'number' ? R4J.fmtDate(v) : String(v);
        tbody.appendChild(R4J.el('tr', { 'data-attribute': a.name, 'data-type': a.type },
          R4J.el('th', { text: a.name }), R4J.el('td', { class: 'type', text: a.type.replace('_', '-') }),
          R4J.el('td', { class: 'value', text: text })));
      });
      table.hidden = m.attributes.length === 0;
    }
    var links = document.getElementById('movie-links');
    if (m.imdbUrl) {
      links.appendChild(R4J.el('a', { id: 'imdb-link', class: 'ext', href: m.imdbUrl, target: '_blank', rel: 'noopener noreferrer', text: 'IMDb' }));
    }
    if (m.tmdbUrl) {
      links.appendChild(R4J.el('a', { id: 'tmdb-link', class: 'ext', href: m.tmdbUrl, target: '_blank', rel: 'noopener noreferrer', text: 'TMDB' }));
    }
    if (!m.imdbUrl && !m.tmdbUrl && m.movieId !== undefined) {
      links.textContent = 'No external links in links.csv';
    }
    var body = document.querySelector('#top-ratings tbody');
    (m.topRatings || []).forEach(function (r) {
      body.appendChild(R4J.el('tr', { 'data-user-id': r.userId },
        R4J.el('td', null, R4J.el('a', { class: 'user-link', href: R4J.userUrl(r.userId), text: 'User ' + r.userId })),
        R4J.el('td', { text: Number(r.score).toFixed(1) }),
        R4J.el('td', { text: R4J.fmtDate(r.timestamp) })));
    });
    document.getElementById('details').hidden = false;
    document.getElementById('top-ratings-block').hidden = (m.topRatings || []).length === 0;
  }

  function loadSimilar(model) {
    R4J.press(modelSwitch, 'model', model);
    similar.setAttribute('data-state', 'loading');
    return R4J.api('/api/movies/' + encodeURIComponent(id) + '/similar?model=' + encodeURIComponent(model) + '&k=' + K)
      .then(function (body) {
        similar.textContent = '';
        body.items.forEach(function (m) {
          similar.appendChild(R4J.movieCard(m, R4J.el('span', { class: 'score', text: 'cosine ' + Number(m.score).toFixed(3) })));
        });
        hint.textContent = body.items.length
          ? 'Nearest movies by ' + (LABELS[body.model] || body.model) + ' embedding (cosine, HNSW index).'
          : 'The ' + (LABELS[body.model] || body.model) + ' model has no vector for this item (too few interactions).';
        similar.setAttribute('data-model', body.model);
        similar.setAttribute('data-state', 'ready');
      }, function (err) {
        similar.textContent = '';
        hint.textContent = err.message;
        similar.setAttribute('data-state', 'error');
      });
  }

  if (!id) {
    R4J.status('No movie: open this page as /movie.html?movieId=1', true);
    R4J.done('error');
    return;
  }
  Promise.all([R4J.api('/api/movies/' + encodeURIComponent(id)), R4J.api('/api/health')])
    .then(function (both) {
      R4J.status('', false);
      showDetails(both[0]);
      var models = both[1].models;
      var model = R4J.param('model');
      if (models.indexOf(model) < 0) { model = models[0]; }
      R4J.fillSwitch(modelSwitch, models, model, 'model', function (m) {
        R4J.setParam('model', m);
        loadSimilar(m);
      });
      Array.prototype.forEach.call(modelSwitch.querySelectorAll('button'), function (b) {
        b.textContent = LABELS[b.getAttribute('data-model')] || b.textContent;
      });
      document.getElementById('similar-block').hidden = false;
      return loadSimilar(model);
    })
    .then(function () { R4J.done('ready'); })
    .catch(function (err) {
      R4J.status(err.message, true);
      R4J.done('error');
    });
})();
