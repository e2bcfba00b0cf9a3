// Prompts never leave the machine: while a prompt is pasted and priced, the page asks
// nothing of any origin but its own, declares a Content-Security-Policy that would block
// it from doing so, and loads without console errors.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertNoViolations, axeViolations } from './axe.mjs';
import { SUBPATH } from './harness.mjs';
import { openApp } from './page.mjs';

// Schemes that never reach the network: inline data, the page's own blobs, the blank
// page a new tab starts on.
const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'about:']);
// The browser's own pages and extensions (none in a fresh profile); never the page's doing.
const BROWSER_SCHEMES = new Set(['chrome:', 'chrome-extension:', 'chrome-untrusted:', 'devtools:']);

let app;
let page;
let requestedUrls;
let consoleLog;
let axeOnOpen;

before(async () => {
  ({ app, page } = await openApp('privacy'));
  // The page as it opens, counts ready, checked by axe-core (a test below reports it).
  await page.waitForTokenCounts();
  axeOnOpen = await axeViolations(app.session);

  // A person's session: paste a prompt, type counts, search, toggle batch.
  await page.setPrompt('Confidential: quarterly numbers for ACME <|endoftext|> 機密情報 🔒');
  await page.waitForTokenCounts();
  await page.type('input-tokens', '12000');
  await page.type('output-tokens', '800');
  await page.searchModel('anthropic/claude-sonnet-4-5');
  await page.setBatch(true);
  await page.setBatch(false);
  // Let anything deferred (lazy chunks, timers, beacons) fire before reading the logs.
  await new Promise((done) => setTimeout(done, 2000));

  requestedUrls = networkUrls(await app.session.log('performance'));
  consoleLog = await app.session.log('browser');
});

after(() => app?.close());

/** Every URL the page's network stack was asked for, from DevTools events in the performance log. */
function networkUrls(entries) {
  const urls = [];
  for (const entry of entries) {
    const { method, params } = JSON.parse(entry.message).message;
    if (!method.startsWith('Network.')) continue;
    // requestWillBeSent carries request.url; webSocketCreated and webTransportCreated carry url.
    const url = params.request?.url ?? (method.endsWith('Created') ? params.url : undefined);
    if (url) urls.push(url);
  }
  return urls;
}

test('the page requests nothing from any other origin', () => {
  assert.ok(requestedUrls.length > 0, 'no requests logged at all: is the performance log on?');
  const foreign = requestedUrls.filter((url) => {
    const { protocol, origin } = new URL(url);
    if (LOCAL_SCHEMES.has(protocol) || BROWSER_SCHEMES.has(protocol)) return false;
    return origin !== app.server.origin;
  });
  assert.deepEqual(foreign, [], 'requests to other origins');
});

test('every request stays under the site’s subpath and is found', () => {
  // Root-absolute URLs (/app.wasm) would 404 once the site is served below a path.
  // The browser's own /favicon.ico probe is not the page's doing.
  const failed = app.server.requests.filter(({ url, status }) => status !== 200 && url !== '/favicon.ico');
  assert.deepEqual(failed, [], `requests outside ${SUBPATH} or missing from dist/`);
});

test('a Content-Security-Policy meta tag limits the page to its own origin', async () => {
  const policy = await app.session.execute(
    `const meta = document.querySelector('meta[http-equiv="Content-Security-Policy" i]');
     return meta && meta.content;`,
  );
  assert.ok(policy, 'no <meta http-equiv="Content-Security-Policy">');
  const directives = Object.fromEntries(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name.toLowerCase(), sources]),
  );
  assert.ok(directives['default-src'], `no default-src in ${policy}`);
  const sources = directives['default-src'].map((s) => s.toLowerCase());
  assert.ok(
    ["'self'", "'none'"].includes(sources.join(' ')),
    `default-src must be 'self' or 'none', got: ${sources.join(' ')}`,
  );
});

test('the page as it opens has no accessibility violations of any impact (axe-core)', async () => {
  assertNoViolations(axeOnOpen, 'the default page, as it opens');
});

test('the page logs no console errors', () => {
  const errors = consoleLog.filter((entry) => entry.level === 'SEVERE').map((entry) => entry.message);
  assert.deepEqual(errors, [], 'console errors');
});
