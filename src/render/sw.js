/* leidraad's service worker: the pages and files of this site read again without a network.
   Plain ES2017, no dependencies. The build writes `SITE` before this text: the site's language
   folders (`nl/`, or `` for a language at the root) with their language tags, and the default
   language's folder.

   Every request of the site goes to the network first, and what comes back is kept in a cache
   named after this site's scope and the language (other sites on the same host, and other
   languages, have caches of their own). So a reader who is online always gets the latest
   version. Without a network, or when it takes longer than WAIT and a copy is kept, the kept
   copy is shown (and the network's answer, when it comes, is kept for the next visit); a page
   that was never kept gets its language's offline page. */
'use strict';
var SCOPE = self.registration.scope;
var WAIT = 4000;

function cacheName(lang) { return 'leidraad|' + SCOPE + '|' + lang; }
function has(folder) { return Object.prototype.hasOwnProperty.call(SITE.languages, folder); }
/* The language folder a URL of the site is in (`nl/`; `` for the language at the root of a
   site that has one), or null (style.css, … when no language is at the root). */
function folderOf(url) {
  var rest = url.slice(SCOPE.length);
  var slash = rest.indexOf('/');
  var first = slash > 0 ? rest.slice(0, slash + 1) : '';
  return first && has(first) ? first : has('') ? '' : null;
}
function cacheFor(url) {
  var folder = folderOf(url);
  return cacheName(folder === null ? 'shared' : SITE.languages[folder]);
}
function keyOf(url) {
  var u = new URL(url);
  u.hash = '';
  u.search = '';
  return u.href;
}

self.addEventListener('install', function (event) {
  /* What every offline visit needs: the style, the script and the offline pages. */
  var paths = ['style.css', 'leidraad.js'].concat(Object.keys(SITE.languages).map(function (f) {
    return f + 'offline.html';
  }));
  event.waitUntil(Promise.all(paths.map(function (path) {
    var url = new URL(path, SCOPE).href;
    return fetch(url, { cache: 'no-cache' }).then(function (response) {
      if (!response.ok) return undefined;
      return caches.open(cacheFor(url)).then(function (cache) { return cache.put(url, response); });
    }).catch(function () { /* kept on the next visit */ });
  })).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  /* Caches of languages the site no longer has go; other sites' caches are not ours. */
  var ours = 'leidraad|' + SCOPE + '|';
  var wanted = Object.keys(SITE.languages).map(function (f) { return cacheName(SITE.languages[f]); });
  wanted.push(cacheName('shared'));
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) {
      return n.indexOf(ours) === 0 && wanted.indexOf(n) < 0;
    }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

/* A page that loaded before this worker took over asks for itself and its images to be kept,
   as every later page is. */
self.addEventListener('message', function (event) {
  var urls = event.data && event.data.keep;
  if (!Array.isArray(urls)) return;
  event.waitUntil(Promise.all(urls.filter(function (u) {
    return typeof u === 'string' && u.indexOf(SCOPE) === 0;
  }).map(function (u) {
    var url = keyOf(u);
    return caches.open(cacheFor(url)).then(function (cache) {
      return cache.match(url).then(function (kept) { return kept || cache.add(url); });
    }).catch(function () { /* kept on the next visit */ });
  })));
});

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET' || request.url.indexOf(SCOPE) !== 0) return;
  var path = request.url.slice(SCOPE.length);
  /* The search index needs a network anyway. */
  if (path === 'sw.js' || path.indexOf('pagefind/') === 0) return;
  event.respondWith(respond(event, request));
});

function respond(event, request) {
  var url = keyOf(request.url);
  var name = cacheFor(url);
  var network = fetch(request);
  /* Kept even when a kept copy was shown first (the worker lives until it is stored); cloned
     before the page reads the answer, as this handler comes first. */
  event.waitUntil(network.then(function (response) {
    if (!response.ok || response.type !== 'basic' || response.redirected) return undefined;
    var copy = response.clone();
    return caches.open(name).then(function (cache) { return cache.put(url, copy); });
  }).catch(function () { /* no network, or the cache is full: shown, not kept */ }));
  var kept = caches.open(name).then(function (cache) {
    return cache.match(url);
  }).catch(function () { return undefined; });
  return new Promise(function (resolve) {
    var settled = false;
    function give(response) {
      if (settled || !response) return;
      settled = true;
      resolve(response);
    }
    network.then(give, function () {
      kept.then(function (copy) {
        if (copy) return give(copy);
        if (request.mode !== 'navigate') return give(Response.error());
        return offlinePage(url).then(function (page) { give(page || Response.error()); });
      });
    });
    setTimeout(function () { kept.then(give); }, WAIT);
  });
}

/* The offline page of the URL's language, shown at the URL that was asked for: a <base> makes
   its relative links lead where they lead from its own address. */
function offlinePage(url) {
  var folder = folderOf(url);
  if (folder === null) folder = SITE.default;
  var at = new URL(folder + 'offline.html', SCOPE).href;
  return caches.open(cacheName(SITE.languages[folder])).then(function (cache) {
    return cache.match(at);
  }).then(function (page) {
    if (!page) return null;
    return page.text().then(function (text) {
      var html = text.replace(/<head>/i, '<head><base href="' + at + '">');
      return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } });
    });
  }).catch(function () { return null; });
}
