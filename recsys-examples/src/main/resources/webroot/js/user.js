/*
 * User page: statistics and history (GET /api/users/{id}), recommendations with their provenance
 * (GET /api/users/{id}/recommendations?pipeline=&k=; the pipelines come from GET /api/health).
 */
'use strict';

(function () {
  var K = 12;
  var SHOWN = 25;
  var id = R4J.param('id') || R4J.param('userId');
  var recs = document.getElementById('recs');
  var summary = document.getElementById('rec-summary');
  var select = document.getElementById('pipeline');

  function showUser(u) {
    document.title = 'Recsys4J \u00b7 User ' + u.userId;
    document.getElementById('avatar').textContent = String(u.userId);
    document.getElementById('avatar').style.setProperty('--h', R4J.hue(u.userId));
    document.getElementById('user-title').textContent = 'User ' + u.userId;
    var fallback = u.storeFallback ? ' \u00b7 (read from the in-memory fallback store)' : '';
    document.getElementById('user-stats').textContent = u.ratingCount !== undefined ? u.ratingCount + ' ratings \u00b7 average '
      + Number(u.averageRating).toFixed(2) + ' \u00b7 from ' + Number(u.lowestRating).toFixed(1)
      + ' to ' + Number(u.highestRating).toFixed(1) + fallback
      : u.itemCount + ' items' + (u.categories ? ' \u00b7 ' + Object.keys(u.categories).slice(0, 3).map(function (c) {
        return c + ' (' + u.categories[c] + ')';
      }).join(', ') : '') + fallback;
    document.getElementById('history-count').textContent = u.history.length + ', newest first';
    var body = document.querySelector('#history tbody');
    u.history.forEach(function (h, i) {
      var hid = R4J.itemId(h);
      body.appendChild(R4J.el('tr', { 'data-movie-id': hid, class: i >= SHOWN ? 'extra' : null, hidden: i >= SHOWN },
        R4J.el('td', null, R4J.el('a', { href: R4J.movieUrl(hid), text: h.title || ('Movie ' + hid) })),
        R4J.el('td', { text: Number(h.rating !== undefined ? h.rating : h.signal).toFixed(1) }),
        R4J.el('td', { text: R4J.fmtDate(h.timestamp) })));
    });
    var more = document.getElementById('history-more');
    if (u.history.length > SHOWN) {
      more.hidden = false;
      more.textContent = 'Show all ' + u.history.length;
      more.addEventListener('click', function () {
        Array.prototype.forEach.call(body.querySelectorAll('tr.extra'), function (tr) { tr.hidden = false; });
        more.hidden = true;
      });
    }
    document.getElementById('profile').hidden = false;
    document.getElementById('history-block').hidden = false;
  }

  function field(name, value, key) {
    summary.appendChild(R4J.el('dt', { text: name }));
    summary.appendChild(R4J.el('dd', { 'data-field': key, text: value }));
  }

  function why(c) {
    var list = R4J.el('ul', { class: 'why', title: 'recalled by' });
    (c.channels || []).forEach(function (p) {
      list.appendChild(R4J.el('li', { class: 'chip channel', 'data-channel': p.channel },
        p.channel + (p.rank >= 0 ? ' #' + (p.rank + 1) : '')));
    });
    return list;
  }

  function loadRecs(pipeline) {
    recs.setAttribute('data-state', 'loading');
    return R4J.api('/api/users/' + encodeURIComponent(id) + '/recommendations?pipeline=' + encodeURIComponent(pipeline) + '&k=' + K)
      .then(function (r) {
        summary.textContent = '';
        field('Pipeline', r.pipeline + (r.experiment ? ' (A/B experiment ' + r.experiment + ')' : ''), 'pipeline');
        field('Ranker', r.ranker && r.ranker !== 'none' ? r.ranker : 'none (recall order)', 'ranker');
        field('Channels', (r.channels || []).join(', ') || 'none', 'channels');
        field('Fallback', r.fallback ? 'yes: ' + r.fallbacks.join(', ') : 'no', 'fallback');
        if (r.notes && r.notes.length) { field('Notes', r.notes.join('; '), 'notes'); }
        var lat = Object.keys(r.latencyMicros || {}).map(function (s) { return s + ' ' + r.latencyMicros[s] + ' \u00b5s'; });
        field('Latency', (r.cached ? 'cached \u00b7 ' : '') + (lat.join(', ') || 'n/a'), 'latency');
        recs.textContent = '';
        r.items.forEach(function (m) {
          recs.appendChild(R4J.movieCard(m, R4J.el('span', { class: 'score', text: 'score ' + Number(m.score).toFixed(3) }), why(m)));
        });
        if (!r.items.length) { recs.appendChild(R4J.el('p', { class: 'hint', text: 'No recommendations.' })); }
        recs.setAttribute('data-pipeline', r.pipeline);
        recs.setAttribute('data-state', 'ready');
      }, function (err) {
        summary.textContent = '';
        recs.textContent = '';
        recs.appendChild(R4J.el('p', { class: 'status error', text: err.message }));
        recs.setAttribute('data-state', 'error');
      });
  }

  if (!id) {
    R4J.status('No user: open this page as /user.html?id=1', true);
    R4J.done('error');
    return;
  }
  Promise.all([R4J.api('/api/users/' + encodeURIComponent(id)), R4J.api('/api/health')])
    .then(function (both) {
      R4J.status('', false);
      showUser(both[0]);
      var pipelines = both[1].pipelines;
      var pipeline = R4J.param('pipeline');
      if (pipelines.indexOf(pipeline) < 0) { pipeline = pipelines[0]; }
      pipelines.forEach(function (p) {
        select.appendChild(R4J.el('option', { value: p, selected: p === pipeline, text: p === 'default' ? 'default (A/B)' : p }));
      });
      select.addEventListener('change', function () {
        R4J.setParam('pipeline', select.value);
        loadRecs(select.value);
      });
      document.getElementById('recs-block').hidden = false;
      return loadRecs(pipeline);
    })
    .then(function () { R4J.done('ready'); })
    .catch(function (err) {
      R4J.status(err.message, true);
      R4J.done('error');
    });
})();
