// weiquan's service worker (served by weiquan/webapp.py at /sw.js, scope "/").
// It keeps public static files and the offline page, nothing else. Pages are always asked of
// the network and never stored: a signed-in consumer's cases, evidence, calendar and account
// pages must not stay on a shared phone. When the network fails, a page request gets the
// offline page instead.
"use strict";

var CACHE = {{ cache_name|safe }};
var PRECACHE = {{ precache|safe }};
var OFFLINE_URL = {{ offline_url|safe }};

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      // Without cookies: what is kept must be the same for everyone.
      return cache.addAll(PRECACHE.map(function (url) {
        return new Request(url, { credentials: "omit" });
      }));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      // Older versions, and any cache this worker did not make, go.
      return Promise.all(keys.filter(function (key) { return key !== CACHE; })
        .map(function (key) { return caches.delete(key); }));
    }).then(function () {
      return self.registration.navigationPreload ? self.registration.navigationPreload.enable() : null;
    }).then(function () { return self.clients.claim(); })
  );
});

function offlinePage() {
  return caches.open(CACHE).then(function (cache) { return cache.match(OFFLINE_URL); })
    .then(function (page) { return page || Response.error(); });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (request.mode === "navigate") {
    // Network first, nothing stored; the offline page only when the network fails.
    event.respondWith(
      Promise.resolve(event.preloadResponse).then(function (preloaded) {
        return preloaded || fetch(request);
      }).catch(offlinePage)
    );
    return;
  }
  if (PRECACHE.indexOf(url.pathname) !== -1 && url.search === "") {
    event.respondWith(
      caches.open(CACHE).then(function (cache) { return cache.match(url.pathname); })
        .then(function (hit) { return hit || fetch(request); })
    );
  }
  // Everything else (evidence files, dossiers, polling) goes to the network untouched.
});

