/* Recsys4J demo pages: shared helpers (no framework, no build step, works offline). */
'use strict';

var R4J = (function () {
  /** Fetches a JSON endpoint; rejects with the server's JSON error message on a non-2xx answer. */
  function api(path) {
    return fetch(path, { headers: { 'Accept': 'application/json' } }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) {
        if (!r.ok) {
          throw new Error((body && body.error) || ('HTTP ' + r.status + ' for ' + path));
        }
        return body;
      });
    });
  }

  /** Creates an element: el('a', {href: '/', class: 'x'}, 'text', childNode, ...). Text is never parsed as HTML. */
  function el(tag, attrs) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) { return; }
        if (k === 'text') { e.textContent = v; } else { e.setAttribute(k, v === true ? '' : String(v)); }
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined) { continue; }
      e.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
    return e;
  }

  /** Returns a query parameter of the page URL, or null. */
  function param(name) {
    return new URLSearchParams(window.location.search).get(name);
  }

  /** A stable hue (0..359) from a number or text, for the title cards' colours. */
  function hue(key) {
    var s = String(key), h = 7;
    for (var i = 0; i < s.length; i++) { h = (h * 31 + s.charCodeAt(i)) % 360; }
    return h;
  }

  /** Splits "Heat (1995)" into its name; MovieLens titles end with the year. */
  function name(title) {
    return (title || '').replace(/\s*\(\d{4}\)\s*$/, '');
  }

  function fmtRating(avg, n) {
    if (!n) { return 'no ratings'; }
    return '\u2605 ' + Number(avg).toFixed(2) + ' \u00b7 ' + n + (n === 1 ? ' rating' : ' ratings');
  }

  function fmtDate(seconds) {
    if (seconds === null || seconds === undefined) { return ''; }
    return new Date(seconds * 1000).toISOString().slice(0, 10);
  }

  function movieUrl(id) { return '/movie.html?movieId=' + encodeURIComponent(id); }
  function userUrl(id) { return '/user.html?id=' + encodeURIComponent(id); }

  /** An item's id: a movie's movieId, or any catalogue's itemId (a number or a string). */
  function itemId(m) {
    return m.movieId !== undefined && m.movieId !== null ? m.movieId : m.itemId;
  }

  /** A title card (no poster): the item's name on a colour from its first genre (category), year, rating. */
  function poster(m, big) {
    var g = (m.genres && m.genres[0]) || (m.categories && m.categories[0]) || 'none';
    return el('div', { class: 'poster' + (big ? ' big' : ''), style: '--h:' + hue(g) + ';--h2:' + hue(itemId(m)) },
      el('span', { class: 'poster-title', text: name(m.title) }),
      el('span', { class: 'poster-year', text: m.releaseYear || '' }));
  }

  /** How many users an item of your own data has, and its category values. */
  function fmtItem(m) {
    var n = m.interactions || 0;
    return n + (n === 1 ? ' user' : ' users') + (m.categories && m.categories.length ? ' \u00b7 ' + m.categories.join(', ') : '');
  }

  /** A movie (item) card linking to its page; extra nodes (e.g. the score, the channels) go below. */
  function movieCard(m) {
    var id = itemId(m);
    var a = el('a', { class: 'card', href: movieUrl(id), 'data-movie-id': id, title: m.title },
      poster(m, false),
      el('span', { class: 'card-title', text: m.title }),
      el('span', { class: 'card-meta', text: m.ratingNumber !== undefined ? fmtRating(m.averageRating, m.ratingNumber) : fmtItem(m) }));
    var box = el('div', { class: 'card-box' }, a);
    for (var i = 1; i < arguments.length; i++) { if (arguments[i]) { box.appendChild(arguments[i]); } }
    return box;
  }

  /** A segmented switch: one button per value, the current one pressed; onPick(value) on a click. */
  function fillSwitch(container, values, current, attr, onPick) {
    container.textContent = '';
    values.forEach(function (v) {
      var b = el('button', { type: 'button', 'aria-pressed': v === current ? 'true' : 'false', text: v });
      b.setAttribute('data-' + attr, v);
      b.addEventListener('click', function () { onPick(v); });
      container.appendChild(b);
    });
  }

  function press(container, attr, value) {
    Array.prototype.forEach.call(container.querySelectorAll('button'), function (b) {
      b.setAttribute('aria-pressed', b.getAttribute('data-' + attr) === value ? 'true' : 'false');
    });
  }

  /** Shows a status line (or an error) at the top of the page. */
  function status(text, isError) {
    var s = document.getElementById('status');
    if (!s) { return; }
    s.textContent = text || '';
    s.hidden = !text;
    s.className = 'status' + (isError ? ' error' : '');
  }

  /** Marks the page loaded (or failed): the browser test waits on body[data-state]. */
  function done(state) {
    document.body.setAttribute('data-state', state);
  }

  /** Replaces a query parameter in the address bar without reloading. */
  function setParam(name, value) {
    var u = new URL(window.location.href);
    u.searchParams.set(name, value);
    window.history.replaceState(null, '', u.pathname + u.search);
  }

  return {
    api: api, el: el, param: param, itemId: itemId, hue: hue, name: name, fmtRating: fmtRating, fmtDate: fmtDate,
    movieUrl: movieUrl, userUrl: userUrl, poster: poster, movieCard: movieCard, fillSwitch: fillSwitch,
    press: press, status: status, done: done, setParam: setParam
  };
})();
