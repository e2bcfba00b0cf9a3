// The site's service worker: keeps one build of the site for use with no network.
//
// - On install it precaches every file of its own build (BUILD.precache: the page, the
//   token worker, their wasm, styles, icons, manifest, licences), each checked against the
//   SHA-256 the build wrote beside it, into a cache named after the build's hash. A file that
//   does not match (a deployment half copied, a stale proxy) fails the install, and the
//   build already installed keeps serving.
// - Vocabularies (BUILD.onDemand) are cached the first time they are fetched, checked the same
//   way; the page also asks for the ones it lacks (message "cache-vocabularies"), so every
//   row counts offline after one visit. Unchanged ones are copied from the previous build's
//   cache instead of downloaded again.
// - A new deployment is a new BUILD hash, so the browser installs the new worker beside the
//   old one. It takes over only when no page of the old build is open, or when the only one
//   reloads, and then deletes the old build's cache: a page is always served by the worker of
//   its own build, so files of two builds are never mixed.
//
// All URLs are relative to this file, so the site works under any subpath. BUILD is
// written after each build by scripts/offline.py; this copy in public/ has an empty one.

/* BUILD */ const BUILD = { hash: 'unbuilt', precache: [], onDemand: [] }; /* /BUILD */

const SCOPE = self.registration.scope;
const PREFIX = `llm-cost-planner ${SCOPE} `;
const CACHE = PREFIX + BUILD.hash;
const INDEX = new URL('index.html', SCOPE).href;

const absolute = (path) => new URL(path, SCOPE).href;
const integrity = new Map(
  [...BUILD.precache, ...BUILD.onDemand].map(({ path, sha256 }) => [absolute(path), `sha256-${sha256}`]),
);
const onDemand = new Set(BUILD.onDemand.map(({ path }) => absolute(path)));

self.addEventListener('install', (event) => event.waitUntil(install()));
self.addEventListener('activate', (event) => event.waitUntil(activate()));
self.addEventListener('fetch', (event) => {
  const response = respond(event);
  if (response) event.respondWith(response);
});
self.addEventListener('message', (event) => {
  if (event.data === 'cache-vocabularies') event.waitUntil(cacheAllOnDemand());
  if (event.data === 'take-over') self.skipWaiting();
});

async function install() {
  // Only a cache this install made is removed on failure, never one a live worker serves.
  const existed = await caches.has(CACHE);
  const cache = await caches.open(CACHE);
  try {
    // One at a time: the page is loading its own vocabularies meanwhile.
    for (const { path } of BUILD.precache) {
      await cache.put(absolute(path), await checkedFetch(absolute(path)));
    }
    await copyUnchanged(cache);
  } catch (error) {
    if (!existed) await caches.delete(CACHE);
    throw error;
  }
}

async function activate() {
  for (const name of await caches.keys()) {
    if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
  }
  // The first install takes the open page at once (it was loaded from the network, from
  // this same deployment); an update only ever activates with no old page left to take.
  await self.clients.claim();
}

/** The network's copy of `url`, revalidated past the HTTP cache and checked by hash. */
async function checkedFetch(url) {
  const response = await fetch(url, { cache: 'no-cache', integrity: integrity.get(url) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

/** Vocabularies of an older build's cache that this build lists with the same hash. */
async function copyUnchanged(cache) {
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX) || name === CACHE) continue;
    const old = await caches.open(name);
    for (const url of onDemand) {
      if (await cache.match(url)) continue;
      const response = await old.match(url);
      if (!response) continue;
      const body = await response.arrayBuffer();
      if ((await sha256(body)) === integrity.get(url)) {
        await cache.put(url, new Response(body, { headers: response.headers }));
      }
    }
  }
}

async function sha256(buffer) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', buffer));
  return `sha256-${btoa(String.fromCharCode(...digest))}`;
}

/** The response for a request this worker answers, or undefined to leave it to the network. */
function respond(event) {
  const { request } = event;
  if (request.method !== 'GET' || !request.url.startsWith(SCOPE)) return undefined;
  const url = new URL(request.url);
  url.hash = '';
  if (request.mode === 'navigate') return navigate(url);
  url.search = '';
  if (integrity.has(url.href)) return fromCache(url.href);
  return undefined;
}

async function navigate(url) {
  // A newer build is waiting and this is the only page open: let it take over, then load
  // again, so the new page comes from the new build's cache.
  const waiting = self.registration.waiting;
  if (waiting && (await self.clients.matchAll()).length < 2) {
    waiting.postMessage('take-over');
    return new Response('<!DOCTYPE html><meta http-equiv="refresh" content="0">', {
      headers: { 'content-type': 'text/html; charset=utf-8', refresh: '0' },
    });
  }
  url.search = '';
  const page = url.href === SCOPE || url.href === INDEX ? INDEX : url.href;
  if (integrity.has(page)) return fromCache(page);
  return fetch(url.href);
}

/** In-flight downloads of vocabularies, so the page and `cacheAllOnDemand` share one. */
const downloads = new Map();

async function fromCache(url) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(url);
  if (cached) return cached;
  if (!onDemand.has(url)) return checkedFetch(url); // a precached file evicted: refetch it
  if (!downloads.has(url)) {
    const download = checkedFetch(url)
      .then(async (response) => {
        try {
          await cache.put(url, response.clone());
        } catch {
          // Storage full or refused: the page still gets the file, just not kept offline.
        }
        return response;
      })
      .catch((error) => {
        // Not this build's file any more: a new deployment is likely, so look for it.
        self.registration.update().catch(() => {});
        throw error;
      })
      .finally(() => downloads.delete(url));
    downloads.set(url, download);
  }
  const downloaded = await downloads.get(url);
  return (await cache.match(url)) ?? downloaded.clone();
}

async function cacheAllOnDemand() {
  for (const url of onDemand) {
    try {
      await fromCache(url);
    } catch {
      // offline, or the deployment changed under us: the next visit tries again
    }
  }
}
