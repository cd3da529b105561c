// keikaku inspect: the page overlays and the JSON panel.
//
// The panel shows a JSON value as a tree (the document, or what was clicked on a page).
// Clicking a node outlines, on the page images, where it came from: the node's own
// `source` (a list of {page, bbox} spans, bbox [x0, y0, x1, y1] in points from the page's
// top-left), a table's `page` + `bbox`, or for a string the sibling `*_source` /
// `*_sources` entry (`title` → `title_source`, `actions[2]` → `action_sources[2]`,
// `fields.目標` → `field_sources.目標`, a table's `rows[r][c]` → `cell_sources[r][c]`); failing
// those, the nearest enclosing node that has one. `#select=/initiatives/0/title` in the
// address selects a node on load.
(function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';
  var DOC = JSON.parse(document.getElementById('doc-json').textContent);
  var tree = document.getElementById('json');
  var where = document.getElementById('where');
  var back = document.getElementById('to-doc');
  var root = DOC;

  function isSpan(s) {
    return !!s && typeof s === 'object' && typeof s.page === 'number' &&
      Array.isArray(s.bbox) && s.bbox.length === 4;
  }

  function at(v, path) {
    for (var i = 0; i < path.length; i++) {
      if (v === null || typeof v !== 'object') return undefined;
      v = v[path[i]];
    }
    return v;
  }

  // Every span in a span or (nested) lists of spans; nulls and the rest are skipped.
  function spans(v) {
    if (isSpan(v)) return [v];
    if (!Array.isArray(v)) return [];
    return v.reduce(function (acc, e) { return acc.concat(spans(e)); }, []);
  }

  // The spans a node carries itself: its `source`, or it has `page` + `bbox` (a table);
  // for a list, those of its members.
  function own(v) {
    if (Array.isArray(v)) {
      return v.reduce(function (acc, e) { return acc.concat(own(e)); }, []);
    }
    if (!v || typeof v !== 'object') return [];
    var s = v.source !== undefined ? spans(v.source) : [];
    return s.length ? s : spans(v);
  }

  // Where the sources of a key's values are kept besides `KEY_source(s)`.
  var SOURCES = { rows: 'cell_sources', cells: 'cell_sources' };

  // The spans of a sibling `KEY_source(s)` beside an enclosing key, followed down the
  // same path (`actions/2` → `action_sources/2`, a table's `rows/1/3` → `cell_sources/1/3`).
  function sibling(path) {
    for (var i = path.length - 1; i >= 0; i--) {
      var k = path[i];
      if (typeof k !== 'string') continue;
      var parent = at(root, path.slice(0, i));
      if (!parent || typeof parent !== 'object') continue;
      var one = k.replace(/s$/, '');
      var names = [k + '_source', k + '_sources', one + '_sources', one + '_source'];
      if (SOURCES[k]) names.push(SOURCES[k]);
      for (var j = 0; j < names.length; j++) {
        if (names[j] === k || parent[names[j]] === undefined) continue;
        var found = spans(at(parent[names[j]], path.slice(i + 1)));
        if (found.length) return found;
      }
    }
    return [];
  }

  // The spans for the node at `path`, or else for the nearest enclosing object (a list's
  // other members are no answer), and the path they belong to.
  function locate(path) {
    for (var n = path.length; n >= 0; n--) {
      var p = path.slice(0, n);
      var v = at(root, p);
      if (n < path.length && Array.isArray(v)) continue;
      var s = own(v);
      if (!s.length) s = sibling(p);
      if (s.length) return { spans: s, path: p };
    }
    return { spans: [], path: null };
  }

  function clearOutlines() {
    document.querySelectorAll('.src-outline').forEach(function (e) { e.remove(); });
  }

  // Outlines every span on its page; returns the pages not in this report.
  function outline(list) {
    clearOutlines();
    var missing = [];
    var first = null;
    list.forEach(function (s) {
      var svg = document.querySelector('svg[data-page="' + s.page + '"]');
      if (!svg) { missing.push(s.page); return; }
      var b = s.bbox;
      var r = document.createElementNS(SVG, 'rect');
      r.setAttribute('class', 'src-outline');
      r.setAttribute('data-page', String(s.page));
      r.setAttribute('x', String(b[0]));
      r.setAttribute('y', String(b[1]));
      r.setAttribute('width', String(Math.max(b[2] - b[0], 0.5)));
      r.setAttribute('height', String(Math.max(b[3] - b[1], 0.5)));
      svg.appendChild(r);
      if (!first) first = r;
    });
    if (first && first.scrollIntoView) first.scrollIntoView({ block: 'center' });
    return missing;
  }

  function name(path) {
    return '/' + path.join('/');
  }

  function select(path, el) {
    document.querySelectorAll('.jsel').forEach(function (e) { e.classList.remove('jsel'); });
    if (el) el.classList.add('jsel');
    var found = locate(path);
    var missing = outline(found.spans);
    var pages = found.spans.map(function (s) { return s.page; })
      .filter(function (p, i, a) { return a.indexOf(p) === i; });
    var text = name(path) + ': ';
    if (!found.spans.length) text += 'no source';
    else {
      text += found.spans.length + ' span(s) on page ' + pages.join(', ');
      if (found.path.length !== path.length) text += ' (of ' + name(found.path) + ')';
      if (missing.length) text += '; page ' + missing.join(', ') + ' not in this report';
    }
    where.textContent = text;
  }

  function preview(v) {
    if (Array.isArray(v)) return '[' + v.length + ']';
    var keys = Object.keys(v);
    var label = ['title', 'heading', 'term', 'name', 'text', 'id'].filter(function (k) {
      return typeof v[k] === 'string';
    })[0];
    return '{' + keys.length + '}' + (label ? ' ' + v[label].slice(0, 40) : '');
  }

  function scalar(v) {
    var s = document.createElement('span');
    s.className = 'jv j' + (v === null ? 'null' : typeof v);
    s.textContent = JSON.stringify(v);
    return s;
  }

  function keyLabel(key) {
    var k = document.createElement('span');
    k.className = 'jk';
    k.textContent = typeof key === 'number' ? key + ': ' : key + ': ';
    return k;
  }

  // One node: a line for a scalar, a <details> (children made when opened) otherwise.
  function node(key, v, path) {
    var el;
    if (v !== null && typeof v === 'object') {
      el = document.createElement('details');
      var sum = document.createElement('summary');
      if (key !== null) sum.appendChild(keyLabel(key));
      var pv = document.createElement('span');
      pv.className = 'jp';
      pv.textContent = preview(v);
      sum.appendChild(pv);
      el.appendChild(sum);
      el.addEventListener('toggle', function () { if (el.open) fill(el); });
      sum.addEventListener('click', function (ev) {
        if (ev.target === sum || ev.target.parentNode === sum) select(path, el);
      });
    } else {
      el = document.createElement('div');
      if (key !== null) el.appendChild(keyLabel(key));
      el.appendChild(scalar(v));
      el.addEventListener('click', function (ev) { ev.stopPropagation(); select(path, el); });
    }
    el.classList.add('jn');
    el.dataset.path = name(path);
    el._path = path;
    return el;
  }

  // Makes a <details>' children once.
  function fill(el) {
    if (el._filled) return;
    el._filled = true;
    var v = at(root, el._path);
    var keys = Array.isArray(v) ? v.map(function (_, i) { return i; }) : Object.keys(v);
    keys.forEach(function (k) { el.appendChild(node(k, v[k], el._path.concat([k]))); });
  }

  function show(value, isDoc) {
    root = value;
    tree.textContent = '';
    clearOutlines();
    var top = node(null, value, []);
    tree.appendChild(top);
    fill(top);
    top.open = true;
    back.hidden = isDoc;
    where.textContent = isDoc ? 'the document: click a value to outline its source' : '';
  }

  // Opens the tree down to `path` and selects its node.
  function reveal(path) {
    var el = tree.querySelector('.jn');
    for (var i = 1; el && i <= path.length; i++) {
      if (el.tagName === 'DETAILS') { fill(el); el.open = true; }
      el = el.querySelector(':scope > .jn[data-path="' + CSS.escape(name(path.slice(0, i))) + '"]');
    }
    if (!el) { where.textContent = name(path) + ': not in the document'; return; }
    el.scrollIntoView({ block: 'nearest' });
    (el.tagName === 'DETAILS' ? el.querySelector(':scope > summary') : el).click();
  }

  document.querySelectorAll('.pick').forEach(function (el) {
    el.addEventListener('click', function (ev) {
      document.querySelectorAll('.selected').forEach(function (s) { s.classList.remove('selected'); });
      el.classList.add('selected');
      try { show(JSON.parse(el.dataset.json), false); } catch (e) { where.textContent = el.dataset.json; }
      ev.stopPropagation();
    });
  });
  back.addEventListener('click', function () { show(DOC, true); });
  document.querySelectorAll('[data-layer]').forEach(function (cb) {
    cb.addEventListener('change', function () {
      document.querySelectorAll('svg .' + cb.dataset.layer).forEach(function (e) {
        e.style.display = cb.checked ? '' : 'none';
      });
    });
  });

  // The panel sticks below the header, whose height depends on the window's width.
  // (Narrow windows, where the panel goes above the pages, keep the stylesheet's sizes.)
  function fitPanel() {
    var h = document.querySelector('header').offsetHeight;
    var p = document.getElementById('panel').style;
    var narrow = window.matchMedia('(max-width: 760px)').matches;
    p.top = narrow ? '' : h + 'px';
    p.height = narrow ? '' : 'calc(100vh - ' + (h + 4) + 'px)';
  }
  fitPanel();
  window.addEventListener('resize', fitPanel);

  show(DOC, true);
  var m = /^#select=(.*)$/.exec(decodeURIComponent(location.hash));
  if (m) {
    reveal(m[1].split('/').filter(Boolean).map(function (k) { return /^\d+$/.test(k) ? +k : k; }));
  }
  // Layout figures for tests and bug reports.
  var panel = document.getElementById('panel');
  var a = panel.getBoundingClientRect();
  var b = document.getElementById('pages').getBoundingClientRect();
  var overlaps = a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  var wide = Array.prototype.some.call(document.querySelectorAll('#pages svg'), function (svg) {
    return svg.getBoundingClientRect().right > b.right + 1;
  });
  document.body.dataset.panelWidth = String(Math.round(a.width));
  document.body.dataset.panelOverlaps = String(overlaps);
  document.body.dataset.panelOverflow = String(panel.scrollWidth > panel.clientWidth + 1);
  document.body.dataset.pagesOverflow = String(wide);
  document.body.dataset.ready = '1';
})();
