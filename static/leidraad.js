/* leidraad: checklist ticks, progress, copy, print, search, and the language choice at the root.
   Plain ES2017, no dependencies. The site works fully without this file. */
(function () {
  'use strict';
  var doc = document;
  var html = doc.documentElement;
  var PREFIX = 'leidraad:' + (html.getAttribute('data-site') || '') + ':';
  var BOX = 'input.task-box[data-item]';

  /* ---- Storage: every access may throw (disabled, private mode, full). ---- */
  function load(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function save(key, value) {
    try {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, value);
    } catch (e) { /* ticks just will not persist */ }
  }

  function guideOf(box) {
    var g = box.closest('[data-guide]');
    return g ? g.getAttribute('data-guide') : null;
  }
  function keyOf(box) {
    var guide = guideOf(box);
    return guide === null ? null : PREFIX + guide + ':' + box.getAttribute('data-item');
  }
  function allBoxes(scope) {
    return Array.prototype.filter.call((scope || doc).querySelectorAll(BOX), function (b) {
      return guideOf(b) !== null;
    });
  }
  /* "1" = ticked. An item ticked by default in the Markdown stores "0" when unticked,
     so that the reader's choice survives a reload; otherwise the key is removed. */
  function restore(box) {
    var key = keyOf(box);
    if (!key) return;
    var v = load(key);
    box.checked = v === '1' ? true : v === '0' ? false : box.defaultChecked;
  }
  function persist(box) {
    var key = keyOf(box);
    if (!key) return;
    save(key, box.checked ? '1' : (box.defaultChecked ? '0' : null));
  }

  /* ---- Progress and announcements ---- */
  function fill(pattern, values) {
    return Object.keys(values).reduce(function (s, k) {
      return s.split('{' + k + '}').join(String(values[k]));
    }, pattern);
  }
  function updateProgress() {
    doc.querySelectorAll('[data-progress]').forEach(function (el) {
      var scope = el.closest('[data-guide]') || doc;
      var boxes = allBoxes(scope);
      var done = boxes.filter(function (b) { return b.checked; }).length;
      var pattern = el.getAttribute('data-pattern') || '{done} / {total}';
      var text = fill(pattern, { done: done, total: boxes.length });
      if (el.textContent !== text) el.textContent = text;
      var bar = scope.querySelector('[data-progress-bar]');
      if (bar) {
        bar.hidden = false;
        bar.style.setProperty('--done', boxes.length ? done / boxes.length : 0);
      }
    });
  }
  function announce(from, message) {
    if (!message) return;
    var scope = from.closest('[data-guide]') || doc;
    var region = scope.querySelector('[data-status]') || doc.querySelector('[data-status]');
    if (!region) return;
    region.textContent = '';
    /* A fresh text node after a short pause makes screen readers repeat the message. */
    window.setTimeout(function () { region.textContent = message; }, 60);
  }

  /* ---- Copy as Markdown / plain text ---- */
  function clean(s) { return s.replace(/\s+/g, ' ').trim(); }
  function markdownOf(node) {
    var out = '';
    node.childNodes.forEach(function (n) {
      if (n.nodeType === 3) { out += n.nodeValue; return; }
      if (n.nodeType !== 1 || n.tagName === 'INPUT') return;
      var tag = n.tagName;
      var inner = markdownOf(n);
      if (tag === 'A' && n.getAttribute('href')) out += '[' + inner + '](' + n.href + ')';
      else if (tag === 'CODE') out += '`' + n.textContent + '`';
      else if (tag === 'STRONG' || tag === 'B') out += '**' + inner + '**';
      else if (tag === 'EM' || tag === 'I') out += '*' + inner + '*';
      else if (tag === 'BR') out += ' ';
      else out += inner;
    });
    return out;
  }
  function checklistText(container, format) {
    var md = format === 'markdown';
    var h1 = container.querySelector('h1');
    var title = container.getAttribute('data-title') || (h1 ? h1.textContent : doc.title);
    var lines = [(md ? '# ' : '') + clean(title)];
    container.querySelectorAll('h2, li.task').forEach(function (el) {
      if (el.tagName === 'H2') {
        lines.push('', (md ? '## ' : '') + clean(el.textContent), '');
        return;
      }
      var box = el.querySelector(BOX);
      var label = el.querySelector('label');
      if (!box || !label) return;
      lines.push(md
        ? '- [' + (box.checked ? 'x' : ' ') + '] ' + clean(markdownOf(label))
        : (box.checked ? '\u2611 ' : '\u2610 ') + clean(label.textContent));
    });
    return lines.join('\n') + '\n';
  }
  function fallbackCopy(text) {
    var ta = doc.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.style.position = 'fixed';
    ta.style.top = '0';
    ta.style.opacity = '0';
    doc.body.appendChild(ta);
    ta.select();
    var ok = false;
    try { ok = doc.execCommand('copy'); } catch (e) { ok = false; }
    doc.body.removeChild(ta);
    return ok;
  }
  async function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      try { await navigator.clipboard.writeText(text); return true; } catch (e) { /* fall back */ }
    }
    return fallbackCopy(text);
  }
  function canCopy() {
    if (navigator.clipboard && window.isSecureContext) return true;
    try { return !!(doc.queryCommandSupported && doc.queryCommandSupported('copy')); } catch (e) { return false; }
  }

  /* ---- Checklist wiring ---- */
  function initChecklists() {
    allBoxes().forEach(restore);
    updateProgress();

    doc.querySelectorAll('[data-reset], [data-print]').forEach(function (b) { b.hidden = false; });
    if (canCopy()) doc.querySelectorAll('[data-copy]').forEach(function (b) { b.hidden = false; });

    /* The ticks the last reset cleared, until the reader ticks or unticks anything else. */
    var cleared = [];
    doc.addEventListener('change', function (e) {
      var box = e.target;
      if (!box.matches || !box.matches(BOX) || guideOf(box) === null) return;
      persist(box);
      updateProgress();
      cleared = [];
      doc.querySelectorAll('[data-undo]').forEach(function (u) { u.hidden = true; });
    });

    doc.addEventListener('click', function (e) {
      var btn = e.target.closest && e.target.closest('[data-reset], [data-undo], [data-print], [data-copy]');
      if (!btn) return;
      var container = btn.closest('[data-guide]');
      if (btn.hasAttribute('data-print')) {
        window.print();
      } else if (btn.hasAttribute('data-reset')) {
        /* One tap must not lose a morning's work: the ticks it clears can be put back. */
        var boxes = allBoxes(container || doc);
        cleared = boxes.filter(function (b) { return b.checked; });
        boxes.forEach(function (b) { b.checked = false; persist(b); });
        updateProgress();
        var undo = (container || doc).querySelector('[data-undo]');
        if (undo && cleared.length) { undo.hidden = false; undo.focus(); }
        announce(btn, btn.getAttribute('data-done'));
      } else if (btn.hasAttribute('data-undo')) {
        cleared.forEach(function (b) { b.checked = true; persist(b); });
        cleared = [];
        updateProgress();
        btn.hidden = true;
        var reset = (container || doc).querySelector('[data-reset]');
        if (reset) reset.focus();
      } else if (container) {
        copy(checklistText(container, btn.getAttribute('data-copy'))).then(function (ok) {
          if (doc.activeElement !== btn) btn.focus();
          if (ok) announce(btn, btn.getAttribute('data-done'));
        });
      }
    });

    /* Ticks made in another tab or window. */
    window.addEventListener('storage', function (e) {
      if (e.key !== null && e.key.indexOf(PREFIX) !== 0) return;
      allBoxes().forEach(restore);
      updateProgress();
    });
    /* Back/forward cache: the page may come back with stale ticks. */
    window.addEventListener('pageshow', function (e) {
      if (e.persisted) { allBoxes().forEach(restore); updateProgress(); }
    });
  }

  /* ---- Printouts say where they came from, and when ---- */
  function initPrint() {
    function fill() {
      doc.querySelectorAll('[data-print-url]').forEach(function (el) {
        if (!el.textContent) el.textContent = location.href.split('#')[0];
      });
      doc.querySelectorAll('[data-print-date]').forEach(function (el) {
        el.textContent = new Date().toLocaleDateString(html.lang, { dateStyle: 'long' });
      });
    }
    fill();
    window.addEventListener('beforeprint', fill);
  }

  /* ---- Offline: the service worker, saving a guide, the saved pages ---- */
  function initOffline() {
    var sw = html.getAttribute('data-sw');
    var worker = navigator.serviceWorker;
    if (!sw || !worker || !window.caches) return;
    /* Against the page's base: the offline page is shown at other pages' addresses. */
    var base = doc.baseURI;
    var scope = new URL('./', new URL(sw, base)).href;
    var first = !worker.controller;
    worker.register(sw).catch(function () { /* the site still works online */ });
    /* The first page came before the worker: it asks to keep it, as it keeps later ones. */
    if (first) worker.ready.then(function (reg) {
      var urls = [].map.call(doc.images, function (i) { return i.currentSrc || i.src; });
      if (reg.active) reg.active.postMessage({ keep: [location.href.split('#')[0]].concat(urls) });
    });
    var list = doc.querySelector('[data-offline-list]');
    if (list) listSaved(list, 'leidraad|' + scope + '|' + html.lang);
    var box = doc.querySelector('[data-offline-save]');
    if (!box) return;
    var from = new URL(box.getAttribute('data-offline-save'), base);
    var status = box.querySelector('[role="status"]');
    Promise.all([worker.ready, fetch(from).then(function (r) { return r.json(); })]).then(function (got) {
      var saved = got[1];
      var kb = saved.bytes / 1000;
      var size = kb >= 1000 ? [kb / 1000, 'megabyte'] : [Math.max(1, kb), 'kilobyte'];
      try {
        size = new Intl.NumberFormat(html.lang, { style: 'unit', unit: size[1], maximumFractionDigits: 1 }).format(size[0]);
      } catch (e) { size = Math.round(size[0]) + (size[1] === 'megabyte' ? ' MB' : ' kB'); }
      box.querySelector('[data-offline-size]').textContent = '(' + size + ')';
      box.hidden = false;
      /* Every file of the guide, anew, or only those not kept yet. */
      function save(fresh) {
        return Promise.all(Object.keys(saved.files).map(function (lang) {
          return caches.open('leidraad|' + scope + '|' + lang).then(function (cache) {
            var urls = saved.files[lang].map(function (f) { return new URL(f, from).href; });
            return fresh ? cache.addAll(urls) : Promise.all(urls.map(function (u) {
              return cache.match(u).then(function (kept) { return kept || cache.add(u); });
            }));
          });
        }));
      }
      /* Opening a guide keeps all of it, unless the reader's browser asks to save data. */
      if (!(navigator.connection && navigator.connection.saveData)) save(false).catch(function () {});
      box.querySelector('button').onclick = function () {
        var btn = this;
        btn.disabled = true;
        save(true).then(function () { return 'data-done'; }, function () { return 'data-failed'; }).then(function (what) {
          btn.disabled = false;
          status.textContent = box.getAttribute(what);
        });
      };
    }).catch(function () { /* nothing to save from here */ });
  }
  /* The offline page: links to the pages of this language kept on this device. */
  function listSaved(list, name) {
    caches.open(name).then(function (cache) {
      return cache.keys().then(function (requests) {
        var pages = requests.map(function (r) { return r.url; }).filter(function (u) {
          return /\/(index\.html)?$/.test(u);
        }).sort();
        return Promise.all(pages.map(function (u) {
          return cache.match(u).then(function (r) { return r.text(); }).then(function (text) {
            var title = new DOMParser().parseFromString(text, 'text/html').title;
            return [u, title || u];
          });
        }));
      });
    }).then(function (pages) {
      pages.forEach(function (p) {
        var li = doc.createElement('li');
        var a = doc.createElement('a');
        a.href = p[0];
        a.textContent = p[1];
        li.appendChild(a);
        list.appendChild(li);
      });
      list.hidden = !pages.length;
    }).catch(function () { /* nothing kept */ });
  }

  /* ---- Root: the language clicked last, else the browser's ---- */
  var CHOSEN = PREFIX + 'lang';
  function prefixes(tag) { /* zh-hant-tw, zh-hant, zh */
    var t = tag.toLowerCase().split('-');
    return t.map(function (x, n) { return t.slice(0, t.length - n).join('-'); });
  }
  function chooseLanguage() {
    if (/[?&]stay(=|&|$)/.test(location.search)) return;
    var links = [].slice.call(doc.querySelectorAll('.lang-list a[hreflang]'));
    var find = function (same) { return links.find(function (a) { return same(a.hreflang.toLowerCase()); }); };
    var wanted = [load(CHOSEN)].concat(navigator.languages || [navigator.language]);
    for (var i = 0; i < wanted.length; i++) {
      var w = String(wanted[i] || '');
      if (!w) continue;
      /* With its likely script (zh-TW is zh-Hant-TW), then any of the same language. */
      var max = w;
      try { max = String(new Intl.Locale(w).maximize()); } catch (e) { /* no Intl.Locale */ }
      var primary = prefixes(w).pop();
      var hit = null;
      prefixes(w).slice(0, -1).concat(prefixes(max)).some(function (p) {
        return (hit = find(function (h) { return h === p; }));
      });
      hit = hit || find(function (h) { return h.split('-')[0] === primary; });
      if (hit) return location.replace(hit.href);
    }
  }
  doc.addEventListener('click', function (e) {
    var a = e.target.closest && e.target.closest('.lang-list a, .lang-switch a');
    if (a) save(CHOSEN, a.hreflang);
  });
  /* Escape closes the menu. */
  doc.addEventListener('keydown', function (e) {
    var menu = e.key === 'Escape' && e.target.closest && e.target.closest('details[open]');
    if (menu) { menu.open = false; menu.querySelector('summary').focus(); }
  });

  /* ---- Search: Pagefind's index of this site, in the reader's language ---- */
  function decode(s) {
    var t = doc.createElement('textarea');
    t.innerHTML = s;
    return t.value;
  }
  /* Pagefind marks matches with <mark>; everything else becomes text, never markup. */
  function excerpt(text) {
    var p = doc.createElement('p');
    p.className = 'search-excerpt';
    var marked = false;
    text.split(/(<mark>|<\/mark>)/).forEach(function (part) {
      if (part === '<mark>') { marked = true; return; }
      if (part === '</mark>') { marked = false; return; }
      var node = marked ? doc.createElement('mark') : null;
      var t = doc.createTextNode(decode(part));
      if (node) { node.appendChild(t); p.appendChild(node); } else p.appendChild(t);
    });
    return p;
  }
  function initSearch() {
    var box = doc.querySelector('[data-search]');
    if (!box) return;
    var form = box.querySelector('form');
    var input = box.querySelector('input');
    var list = box.querySelector('ol');
    var status = box.querySelector('[role="status"]');
    box.hidden = false;
    /* On a phone the field opens from the header's button. */
    var toggle = doc.querySelector('.search-toggle');
    if (toggle) {
      toggle.hidden = false;
      toggle.onclick = function () {
        var open = box.classList.toggle('open');
        toggle.setAttribute('aria-expanded', open);
        if (open) input.focus();
      };
    }
    if (window.location.protocol === 'file:') {
      /* Browsers do not let a page opened from disk load the index. */
      form.hidden = true;
      status.textContent = box.getAttribute('data-unavailable');
      return;
    }
    var base = new URL(box.getAttribute('data-root') || './', window.location.href);
    var engine = null;
    function load() {
      if (!engine) {
        engine = import(new URL('pagefind/pagefind.js', base).href).then(function (pf) {
          return Promise.resolve(pf.options({ baseUrl: base.pathname, excerptLength: 24 })).then(function () { return pf; });
        });
        engine.catch(function () { engine = null; });
      }
      return engine;
    }
    var seq = 0;
    var timer = null;
    function clear() { list.textContent = ''; status.textContent = ''; }
    /* A checklist item (`meta.items`: ids) that holds a match comes before its page, linked to
       its anchor: Pagefind gives the word where each element with an id starts. */
    function withItems(pages) {
      var out = [];
      pages.forEach(function (r) {
        var ids = (r.meta.items || '').split(' ');
        r.anchors.forEach(function (a) {
          var end = a.location + a.text.split(/\s+/).filter(Boolean).length;
          if (a.element === 'li' && ids.indexOf(a.id) >= 0 && r.locations.some(function (l) { return l >= a.location && l < end; }))
            out.push({ url: r.url + '#' + a.id, excerpt: '', meta: { title: a.text.trim(), section: r.meta.title, guide: r.meta.guide, fallback: r.meta.fallback } });
        });
        out.push(r);
      });
      return out.slice(0, 10);
    }
    function show(results, query) {
      list.textContent = '';
      withItems(results).forEach(function (r) {
        var li = doc.createElement('li');
        var a = doc.createElement('a');
        a.href = r.url;
        var title = doc.createElement('span');
        title.className = 'search-title';
        title.textContent = (r.meta && r.meta.title) || r.url;
        a.appendChild(title);
        var where = [r.meta.section !== r.meta.title ? r.meta.section : '', r.meta.guide, r.meta.fallback]
          .filter(function (x) { return x; }).join(' · ');
        if (where) {
          var small = doc.createElement('span');
          small.className = 'search-where';
          small.textContent = where;
          a.appendChild(small);
        }
        li.appendChild(a);
        li.appendChild(excerpt(r.excerpt || ''));
        list.appendChild(li);
      });
      status.textContent = results.length ? '' : fill(box.getAttribute('data-empty'), { query: query });
    }
    /* Stemmers miss some forms (Dutch "verslagen" stems apart from "verslag"): when a query
       finds nothing, try its last word one and two letters shorter, as a prefix. */
    function find(pf, query, cut) {
      return pf.search(query).then(function (found) {
        var words = query.split(/\s+/);
        var last = words.pop();
        if (found.results.length || cut >= 2 || last.length < 6) return found;
        return find(pf, words.concat(last.slice(0, -1)).join(' '), cut + 1);
      });
    }
    function run() {
      var query = input.value.trim();
      var n = ++seq;
      if (!query) { clear(); return; }
      load().then(function (pf) { return find(pf, query, 0); }).then(function (found) {
        return Promise.all(found.results.slice(0, 8).map(function (r) { return r.data(); }));
      }).then(function (results) {
        if (n === seq) show(results, query);
      }).catch(function () {
        if (n === seq) status.textContent = box.getAttribute('data-unavailable');
      });
    }
    input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(run, 120); });
    input.addEventListener('focus', function () { load().catch(function () {}); }, { once: true });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var first = list.querySelector('a');
      if (first) first.focus(); else run();
    });
    /* Arrow keys move between the field and the results; Escape clears. */
    box.addEventListener('keydown', function (e) {
      var links = Array.prototype.slice.call(list.querySelectorAll('a'));
      var at = links.indexOf(doc.activeElement);
      if (e.key === 'Escape') { input.value = ''; clear(); input.focus(); }
      else if (e.key === 'ArrowDown' && links.length) { e.preventDefault(); links[Math.min(at + 1, links.length - 1)].focus(); }
      else if (e.key === 'ArrowUp' && at >= 0) { e.preventDefault(); (at === 0 ? input : links[at - 1]).focus(); }
    });
  }

  function init() {
    if (html.getAttribute('data-page') === 'root' || doc.body.classList.contains('kind-root')) {
      chooseLanguage();
      return;
    }
    initChecklists();
    initPrint();
    initSearch();
    initOffline();
  }
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', init);
  else init();
})();
