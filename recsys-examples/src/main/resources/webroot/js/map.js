/*
 * Map page: the most-rated movies at their 2-D coordinates under one embedding, by PCA or t-SNE
 * (GET /api/map?model=&method=&limit=; the models come from GET /api/health), one Chart.js
 * scatter dataset per primary genre. Hovering a point shows the movie; clicking it opens its page;
 * clicking a genre in the legend hides it.
 */
'use strict';

(function () {
  var LABELS = { item2vec: 'item2vec', deepwalk: 'DeepWalk', node2vec: 'Node2vec', als: 'ALS', pca: 'PCA', tsne: 't-SNE' };
  var METHODS = ['pca', 'tsne'];
  // one fixed colour per MovieLens genre, so a genre keeps its colour across models
  var COLOURS = {
    'Drama': '#1f77b4', 'Comedy': '#ff7f0e', 'Action': '#d62728', 'Thriller': '#17becf', 'Romance': '#e377c2',
    'Adventure': '#2ca02c', 'Crime': '#8c564b', 'Sci-Fi': '#9467bd', 'Horror': '#111111', 'Fantasy': '#c5b0d5',
    'Children': '#ffd92f', 'Animation': '#bcbd22', 'Mystery': '#393b79', 'Documentary': '#98df8a',
    'War': '#843c39', 'Musical': '#f7b6d2', 'Western': '#bd9e39', 'IMAX': '#9edae5', 'Film-Noir': '#636363',
    '(no genres listed)': '#c7c7c7'
  };
  var box = document.getElementById('map');
  var hint = document.getElementById('map-hint');
  var modelSwitch = document.getElementById('model-switch');
  var methodSwitch = document.getElementById('method-switch');
  var limit = R4J.param('limit');
  var chart = null;
  var current = { model: null, method: METHODS.indexOf(R4J.param('method')) < 0 ? 'pca' : R4J.param('method') };

  /** The genre's colour, with an alpha in [0, 1]. */
  function colour(genre, alpha) {
    var hex = COLOURS[genre];
    if (!hex) { return 'hsla(' + R4J.hue(genre) + ', 55%, 45%, ' + alpha + ')'; }
    var n = parseInt(hex.slice(1), 16);
    return 'rgba(' + (n >> 16) + ', ' + ((n >> 8) & 255) + ', ' + (n & 255) + ', ' + alpha + ')';
  }

  // MovieLens answers movies with genres and ratings; your own data items with a category attribute and
  // interactions (the same layout otherwise)
  function legend(body) { return body.genres || body.categories; }
  function group(p) { return p.genre !== undefined ? p.genre : p.category; }
  function count(p) { return p.ratingNumber !== undefined ? p.ratingNumber : p.interactions; }
  function pointId(p) { return p.movieId !== undefined ? p.movieId : p.itemId; }

  /** One scatter dataset per genre, in the API's legend order (most points first). */
  function datasets(body) {
    var byGenre = {};
    legend(body).forEach(function (g) { byGenre[g] = []; });
    body.points.forEach(function (p) {
      byGenre[group(p)].push({ x: p.x, y: p.y, movie: p });
    });
    return legend(body).map(function (g) {
      var pts = byGenre[g];
      return {
        label: g + ' (' + pts.length + ')',
        genre: g,
        data: pts,
        backgroundColor: colour(g, 0.75),
        borderColor: colour(g, 1),
        borderWidth: 0.5,
        // a movie's point grows with its number of ratings
        pointRadius: pts.map(function (d) { return 2 + 1.3 * Math.log10(1 + count(d.movie)); }),
        pointHoverRadius: 7
      };
    });
  }

  function axisTitle(body, n) {
    if (body.method === 'tsne') { return 't-SNE ' + n; }
    return 'principal axis ' + n + ' (' + (100 * body.explainedVarianceRatio[n - 1]).toFixed(1) + '% of the variance)';
  }

  function describe(body) {
    var what = 'The ' + body.points.length + ' most-rated of the ' + body.available + ' movies that '
      + (LABELS[body.model] || body.model) + ' has a vector for, ';
    if (body.method === 'tsne') {
      what += 'laid out by exact t-SNE of the unit vectors (KL divergence ' + Number(body.klDivergence).toFixed(2)
        + '): movies near in the embedding are near here; the axes and the gaps between islands mean nothing. ';
    } else {
      var r = body.explainedVarianceRatio;
      what += 'on the first two principal axes of the unit vectors (PCA, fitted on the ' + body.fittedOn
        + ' most-rated; together ' + (100 * (r[0] + r[1])).toFixed(1) + '% of the variance). ';
    }
    if (body.genres === undefined) {
      return what.replace(/movies/g, 'items').replace('most-rated', 'most interacted') + 'Colour: the item\u2019s rarest '
        + (body.category || 'category') + '; size: its number of users. Click a point to open the item.';
    }
    return what + 'Colour: the movie\u2019s rarest genre; size: its number of ratings. Click a point to open the movie.';
  }

  function draw(body) {
    var config = {
      type: 'scatter',
      data: { datasets: datasets(body) },
      options: {
        animation: false,
        maintainAspectRatio: false,
        parsing: false,
        scales: {
          x: { ticks: { maxTicksLimit: 12, includeBounds: false }, title: { display: true, text: axisTitle(body, 1) } },
          y: { ticks: { maxTicksLimit: 10, includeBounds: false }, title: { display: true, text: axisTitle(body, 2) } }
        },
        plugins: {
          legend: { position: 'right', labels: { boxWidth: 12, usePointStyle: true } },
          tooltip: {
            callbacks: {
              title: function (items) { return items[0].raw.movie.title; },
              label: function (item) {
                var m = item.raw.movie;
                if (m.genres === undefined) {
                  return m.categories.join(', ') + ' \u00b7 ' + m.interactions + (m.interactions === 1 ? ' user' : ' users');
                }
                return m.genres.join(', ') + ' \u00b7 ' + m.ratingNumber + (m.ratingNumber === 1 ? ' rating' : ' ratings');
              }
            }
          }
        },
        onClick: function (evt, elements) {
          if (elements.length) {
            var p = chart.data.datasets[elements[0].datasetIndex].data[elements[0].index];
            window.location.href = R4J.movieUrl(pointId(p.movie));
          }
        },
        onHover: function (evt, elements) {
          evt.native.target.style.cursor = elements.length ? 'pointer' : 'default';
        }
      }
    };
    if (chart) { chart.destroy(); }
    chart = new Chart(document.getElementById('map-canvas'), config);
    equalScales(chart, body.points);
    window.R4J_MAP = chart;
  }

  /**
   * Sets both axes to the same units per pixel, so that distances on the map are distances on the
   * plane (a PCA plane stretched to fill the box would mislead); 4% margin around the points.
   */
  function equalScales(c, points) {
    if (!points.length) { return; }
    var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    points.forEach(function (p) {
      x0 = Math.min(x0, p.x); x1 = Math.max(x1, p.x); y0 = Math.min(y0, p.y); y1 = Math.max(y1, p.y);
    });
    var a = c.chartArea;
    var unit = 1.08 * Math.max((x1 - x0) / a.width, (y1 - y0) / a.height) || 1;
    var cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    c.options.scales.x.min = cx - unit * a.width / 2;
    c.options.scales.x.max = cx + unit * a.width / 2;
    c.options.scales.y.min = cy - unit * a.height / 2;
    c.options.scales.y.max = cy + unit * a.height / 2;
    c.update();
  }

  function load() {
    R4J.press(modelSwitch, 'model', current.model);
    R4J.press(methodSwitch, 'method', current.method);
    box.setAttribute('data-state', 'loading');
    if (current.method === 'tsne') { R4J.status('Laying out the map with t-SNE (a few seconds the first time)\u2026', false); }
    var q = '/api/map?model=' + encodeURIComponent(current.model) + '&method=' + current.method
      + (limit ? '&limit=' + encodeURIComponent(limit) : '');
    return R4J.api(q).then(function (body) {
      draw(body);
      R4J.status('', false);
      hint.textContent = describe(body);
      box.setAttribute('data-model', body.model);
      box.setAttribute('data-method', body.method);
      box.setAttribute('data-points', String(body.points.length));
      box.setAttribute('data-state', 'ready');
    });
  }

  /** Switches one setting (model or method), records it in the address and reloads the map. */
  function pick(name, value) {
    current[name] = value;
    R4J.setParam(name, value);
    load().catch(function (err) {
      R4J.status(err.message, true);
      box.setAttribute('data-state', 'error');
    });
  }

  R4J.api('/api/health')
    .then(function (health) {
      var models = health.models;
      current.model = models.indexOf(R4J.param('model')) < 0 ? models[0] : R4J.param('model');
      R4J.fillSwitch(modelSwitch, models, current.model, 'model', function (m) { pick('model', m); });
      R4J.fillSwitch(methodSwitch, METHODS, current.method, 'method', function (m) { pick('method', m); });
      [modelSwitch, methodSwitch].forEach(function (sw) {
        Array.prototype.forEach.call(sw.querySelectorAll('button'), function (b) {
          b.textContent = LABELS[b.textContent] || b.textContent;
        });
      });
      return load();
    })
    .then(function () { R4J.done('ready'); })
    .catch(function (err) {
      R4J.status(err.message, true);
      box.setAttribute('data-state', 'error');
      R4J.done('error');
    });
})();
