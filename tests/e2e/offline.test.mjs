// Offline use and installability, end to end: after one visit the service worker holds the
// whole site and every vocabulary, so with the network off (Chromium's network emulation,
// and the server seeing no request) the page reloads, counts a prompt exactly, prices it as
// genai-prices does and opens a shared link. A new deployment (a copy of dist/ with another
// build hash, at the same address) replaces the first build's cache, whole.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, test } from 'node:test';
import { expectNoAxeViolations } from './axe.mjs';
import { assertSameDecimal } from './decimal.mjs';
import { DIST, eventually, REPO, screenshot, startStaticServer } from './harness.mjs';
import { countTokens, oraclePrices } from './oracle.mjs';
import { AppPage, openApp } from './page.mjs';
import { Session } from './webdriver.mjs';

/** Every file of a built site as a path relative to its root, sw.js aside. */
function siteFiles(root) {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() || entry.isSymbolicLink())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .filter((path) => path !== 'sw.js' && !path.split('/').some((part) => part.startsWith('.')))
    .sort();
}
const VOCABULARIES = siteFiles(DIST).filter((path) => path.startsWith('vocab/') && !path.endsWith('.txt'));

/** The service worker's caches as { name: [relative paths] }, read in the page. */
function cachedFiles(session) {
  return session.executeAsync(
    `const done = arguments[arguments.length - 1];
     (async () => {
       const scope = new URL('./', location.href).href;
       const result = {};
       for (const name of await caches.keys()) {
         const requests = await (await caches.open(name)).keys();
         result[name] = requests.map((r) => r.url.slice(scope.length)).sort();
       }
       return result;
     })().then(done, (error) => done({ error: String(error) }));`,
  );
}

/** Waits until a service worker controls the page and its one cache holds `files`. */
async function waitUntilKept(session, files) {
  await eventually(
    async () => assert.ok(await session.execute('return Boolean(navigator.serviceWorker.controller);'), 'no controller yet'),
    { timeout: 60_000, what: 'the service worker to control the page' },
  );
  return eventually(
    async () => {
      const caches = await cachedFiles(session);
      const names = Object.keys(caches);
      assert.equal(names.length, 1, `one cache, not ${JSON.stringify(names)}`);
      const missing = files.filter((path) => !caches[names[0]].includes(path));
      assert.deepEqual(missing, [], 'files not cached yet');
      return names[0];
    },
    { timeout: 120_000, what: 'the site and its vocabularies in the cache' },
  );
}

/** Chromium's own network switch, for the page and its workers. */
function setOffline(session, offline) {
  return session.cdp('Network.emulateNetworkConditions', {
    offline,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
}

const SHOWN = ['mix-cost-per-query', 'baseline-cost-per-query', 'savings-pct', 'forecast-total'];
function shownNumbers(session) {
  return session.execute(
    `const value = (id) => document.querySelector('[data-testid="' + id + '"]')?.dataset.value ?? null;
     const users = document.querySelector('[data-testid="users-start"]')?.value ?? null;
     return { ...Object.fromEntries(arguments[0].map((id) => [id, value(id)])), 'users-start': users };`,
    SHOWN,
  );
}

let app;
let page;

before(async () => {
  ({ app, page } = await openApp('offline'));
});

after(() => app?.close());

test('after one visit, the page reloads, counts, prices and opens a shared link with no network', async () => {
  const started = Date.now();
  await waitUntilKept(app.session, siteFiles(DIST));
  console.log(`the site and every vocabulary were cached ${((Date.now() - started) / 1000).toFixed(1)} s after the page mounted`);

  await setOffline(app.session, true);
  const requestsBefore = app.server.requests.length;
  try {
    await page.open(app.server.appUrl);

    const prompt = readFileSync(join(REPO, 'tests', 'tokens', 'corpus', 'prose_en.txt'), 'utf8');
    const outputTokens = 500;
    await page.type('output-tokens', String(outputTokens));
    await page.setPrompt(prompt);
    // Every tokenizer's count must be ready: each needs its vocabulary, from the cache.
    const counts = await page.waitForTokenCounts(
      { o200k_base: countTokens(prompt, 'o200k_base'), cl100k_base: countTokens(prompt, 'cl100k_base') },
      { timeout: 60_000 },
    );
    for (const [model, tokenizer] of [
      ['openai/gpt-5', 'o200k_base'],
      ['openai/gpt-4', 'cl100k_base'],
    ]) {
      const [expected] = oraclePrices([{ model, input_tokens: counts[tokenizer], output_tokens: outputTokens }]);
      await page.searchModel(model);
      await page.waitForRow(model, (row) => {
        assert.equal(row.inputTokens, String(counts[tokenizer]), `${model} uses the ${tokenizer} count`);
        assertSameDecimal(row.costPerQuery, expected.total_usd, `${model} cost per query`);
      });
    }
    await screenshot(app.session, 'offline-priced');
    await expectNoAxeViolations(app.session, 'offline, a prompt priced');

    // A link made offline opens offline, on the scenario it carries (not the default one).
    await page.setValue('users-start', '250000');
    await eventually(async () => assert.equal((await shownNumbers(app.session))['users-start'], '250000'));
    await (await page.element('share-button')).click();
    const url = await eventually(
      async () => {
        const value = await app.session.execute(`return document.querySelector('[data-testid="share-url"]').value;`);
        assert.ok(value.includes('#'), `a link with a fragment, not ${JSON.stringify(value)}`);
        return value;
      },
      { what: 'the share link' },
    );
    const sent = await shownNumbers(app.session);
    await app.session.navigate('about:blank');
    await page.open(url);
    await eventually(async () => assert.deepEqual(await shownNumbers(app.session), sent), {
      timeout: 30_000,
      what: 'the shared scenario, offline',
    });
    assert.equal((await page.appError()).visible, false, 'no error shown');
    await page.waitForTokenCounts({}, { timeout: 60_000 });
    await screenshot(app.session, 'offline-shared-link');
  } finally {
    await setOffline(app.session, false);
  }
  // Chromium's emulation covers the page and its workers, not the browser's own check for
  // a newer sw.js on navigation (which, really offline, just fails): nothing else may pass.
  const reached = app.server.requests.slice(requestsBefore).map((r) => r.url);
  assert.deepEqual(
    reached.filter((url) => url !== `${new URL(app.server.appUrl).pathname}sw.js`),
    [],
    'no request but the update check reached the server while offline',
  );
});

test('the manifest makes it installable: standalone, started at ".", icons at their sizes', async () => {
  const manifest = await app.session.executeAsync(
    `const done = arguments[arguments.length - 1];
     const link = document.querySelector('link[rel="manifest"]');
     fetch(link.href).then((r) => r.json()).then((m) => done({ href: link.href, manifest: m }), (e) => done({ error: String(e) }));`,
  );
  assert.equal(manifest.error, undefined);
  const { href, manifest: m } = manifest;
  assert.equal(new URL(m.start_url, href).href, app.server.appUrl, 'start_url is the page, under its subpath');
  assert.equal(m.display, 'standalone');
  assert.ok(m.name && m.short_name && m.theme_color && m.background_color, 'names and colours');
  const purposes = m.icons.map((icon) => `${icon.sizes} ${icon.purpose}`).sort();
  assert.deepEqual(purposes, ['192x192 any', '512x512 any', '512x512 maskable']);
  for (const icon of m.icons) {
    const size = await app.session.executeAsync(
      `const done = arguments[arguments.length - 1];
       const img = new Image();
       img.onload = () => done(img.naturalWidth + 'x' + img.naturalHeight);
       img.onerror = () => done('failed');
       img.src = new URL(arguments[0], arguments[1]).href;`,
      icon.src,
      href,
    );
    assert.equal(size, icon.sizes, `${icon.src} size`);
  }
});

/**
 * Another deployment: a copy of `dist/` whose index.html differs (a `data-deployment`
 * mark), with the post-build step run again so sw.js lists it under a new build hash.
 * Vocabularies are symlinked (they are the same files, as in a real redeploy).
 */
function anotherDeployment(mark) {
  const root = mkdtempSync(join(tmpdir(), `e2e-${mark}-deployment-`));
  cpSync(DIST, root, { recursive: true, filter: (src) => !VOCABULARIES.includes(relative(DIST, src)) });
  for (const path of VOCABULARIES) symlinkSync(join(DIST, path), join(root, path));
  const index = join(root, 'index.html');
  writeFileSync(index, readFileSync(index, 'utf8').replace('<html lang="en"', `<html lang="en" data-deployment="${mark}"`));
  const run = spawnSync('python3', [join(REPO, 'scripts', 'offline.py'), root], { encoding: 'utf8' });
  assert.equal(run.status, 0, `offline.py: ${run.stderr}`);
  return root;
}

const buildHash = (root) => /"hash":"([0-9a-f]+)"/.exec(readFileSync(join(root, 'sw.js'), 'utf8'))?.[1];
const deployment = (session) => session.execute('return document.documentElement.dataset.deployment ?? "first";');

/** Asks the browser to look for a new sw.js now; resolves with what became of it. */
function checkForUpdate(session) {
  return session.executeAsync(
    `const done = arguments[arguments.length - 1];
     navigator.serviceWorker.getRegistration().then(async (registration) => {
       await registration.update().catch(() => {});
       const worker = registration.installing || registration.waiting;
       if (!worker) return done('no update');
       if (worker.state !== 'installing') return done(worker.state);
       worker.addEventListener('statechange', () => {
         if (worker.state === 'installed' || worker.state === 'redundant') done(worker.state);
       });
     });`,
  );
}

test('a new deployment replaces the cache once no page of the old one is open', async () => {
  const second = anotherDeployment('second');
  // Half copied: its sw.js lists a token worker other than the one it serves.
  const broken = anotherDeployment('broken');
  writeFileSync(join(broken, 'token-worker.js'), `${readFileSync(join(broken, 'token-worker.js'), 'utf8')}\n// newer\n`);
  const server = await startStaticServer(DIST);
  const session = await Session.start(app.driverUrl);
  try {
    assert.notEqual(buildHash(second), buildHash(DIST), 'the copy is another build');
    const visitor = new AppPage(session);
    await visitor.open(server.appUrl);
    const firstCache = await waitUntilKept(session, siteFiles(DIST));
    assert.ok(firstCache.endsWith(buildHash(DIST)), `${firstCache} is named after the build`);

    // A deployment whose files do not match its list never installs; the first stays whole.
    server.serve(broken);
    assert.equal(await checkForUpdate(session), 'redundant', 'the broken deployment is refused');
    await eventually(
      async () => assert.deepEqual(Object.keys(await cachedFiles(session)), [firstCache], 'only the first build is cached'),
      { timeout: 10_000, what: 'the refused build to leave no cache' },
    );

    server.serve(second);
    const requestsBefore = server.requests.length;
    // This load still comes whole from the first build; the second installs beside it.
    await visitor.open(server.appUrl);
    assert.equal(await deployment(session), 'first');
    await eventually(
      async () => {
        const waiting = await session.executeAsync(
          `const done = arguments[arguments.length - 1];
           navigator.serviceWorker.getRegistration().then((r) => done(Boolean(r && r.waiting)));`,
        );
        assert.ok(waiting, 'no new service worker waiting yet');
      },
      { timeout: 60_000, what: 'the second build to install' },
    );
    assert.equal(await deployment(session), 'first', 'the open page keeps its own build');
    await visitor.waitForTokenCounts();

    // The only page reloads: the second build takes over and the first's cache goes.
    await visitor.open(server.appUrl);
    await eventually(async () => assert.equal(await deployment(session), 'second'), {
      timeout: 30_000,
      what: 'the second build to serve the page',
    });
    const secondCache = await waitUntilKept(session, siteFiles(second));
    assert.ok(secondCache.endsWith(buildHash(second)), `${secondCache} is named after the new build`);
    await visitor.waitForTokenCounts();
    const vocabularyDownloads = server.requests
      .slice(requestsBefore)
      .filter((r) => VOCABULARIES.some((path) => r.url.endsWith(path)));
    assert.deepEqual(vocabularyDownloads, [], 'unchanged vocabularies are copied, not downloaded again');
    await screenshot(session, 'offline-second-deployment');
  } finally {
    await session.quit();
    await server.close();
    rmSync(second, { recursive: true, force: true });
    rmSync(broken, { recursive: true, force: true });
  }
});

test('on plain http from a host other than localhost the page works without a service worker, quietly', async () => {
  const server = await startStaticServer(DIST);
  // Any name but localhost or an IP is not a secure context over http.
  const host = 'planner.test';
  const session = await Session.start(app.driverUrl, { args: [`--host-resolver-rules=MAP ${host} 127.0.0.1`] });
  try {
    const url = new URL(server.appUrl);
    url.hostname = host;
    const visitor = new AppPage(session);
    await visitor.open(url.href);
    await visitor.waitForTokenCounts({}, { timeout: 60_000 });
    const state = await session.execute(
      'return { secure: window.isSecureContext, serviceWorker: "serviceWorker" in navigator };',
    );
    assert.deepEqual(state, { secure: false, serviceWorker: false }, 'an insecure context, with no service worker');
    const errors = (await session.log('browser')).filter((entry) => entry.level === 'SEVERE').map((e) => e.message);
    assert.deepEqual(errors, [], 'console errors');
    assert.ok(!server.requests.some((r) => r.url.endsWith('/sw.js')), 'sw.js was never asked for');
  } finally {
    await session.quit();
    await server.close();
  }
});
