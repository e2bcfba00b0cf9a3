// Test infrastructure: ChromeDriver, a static server that serves dist/ under a subpath,
// a browser session, and waiting and screenshot helpers. Knows nothing about the page
// itself; see page.mjs for that.

import { spawn } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { Session } from './webdriver.mjs';

export const REPO = resolve(import.meta.dirname, '..', '..');
/** The built site; E2E_DIST points the tests at another build. */
export const DIST = resolve(process.env.E2E_DIST ?? join(REPO, 'dist'));
/** The site is served below a path, as on GitHub Pages, to prove no URL assumes the root. */
export const SUBPATH = '/llm-cost-planner/';
const SCREENSHOTS = join(REPO, 'target', 'e2e-screenshots');

const CHROMEDRIVER = '/usr/bin/chromedriver';

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  // WebAssembly.instantiateStreaming refuses any other type.
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * Retries `check` until it returns without throwing, and returns what it returned.
 * Write `check` with assertions: on timeout, the last assertion's message says what was
 * still wrong, which beats a bare "timed out".
 */
export async function eventually(check, { timeout = 15_000, interval = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() >= deadline) {
        // Reporters print the stack, which already holds the old message: prefix both.
        const prefix = `still failing after ${timeout / 1000}s waiting for ${what}: `;
        err.message = prefix + err.message;
        if (typeof err.stack === 'string') err.stack = prefix + err.stack;
        throw err;
      }
    }
    await new Promise((done) => setTimeout(done, interval));
  }
}

/** Saves the viewport as target/e2e-screenshots/<name>.png. */
export async function screenshot(session, name) {
  const path = join(SCREENSHOTS, `${name}.png`);
  await session.screenshot(path);
  return path;
}

/**
 * Serves `root` (DIST unless told) under SUBPATH on 127.0.0.1, 404 for anything else.
 * Every request is recorded in `requests`, so tests can see what the page fetched.
 * `serve(otherRoot)` switches folders at the same address, like a new deployment.
 */
export async function startStaticServer(root = DIST) {
  const requests = [];
  const server = createServer((req, res) => {
    const { status, file } = route(req, root);
    requests.push({ method: req.method, url: req.url, status });
    if (status === 301) {
      res.writeHead(301, { location: SUBPATH }).end();
    } else if (status !== 200) {
      res.writeHead(status, { 'content-type': 'text/plain' }).end(`${status}\n`);
    } else {
      res.writeHead(200, {
        'content-type': MIME_TYPES[extname(file)] ?? 'application/octet-stream',
        'content-length': statSync(file).size,
        'cache-control': 'no-store',
      });
      if (req.method === 'HEAD') res.end();
      else createReadStream(file).pipe(res);
    }
  });
  await new Promise((ready) => server.listen(0, '127.0.0.1', ready));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    appUrl: origin + SUBPATH,
    requests,
    serve: (otherRoot) => {
      root = resolve(otherRoot);
    },
    close: () =>
      new Promise((done) => {
        server.close(done);
        server.closeAllConnections(); // keep-alive sockets would hold close() open
      }),
  };
}

function route(req, root) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return { status: 405 };
  let path;
  try {
    path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  } catch {
    return { status: 400 };
  }
  if (path === SUBPATH.slice(0, -1)) return { status: 301 };
  if (!path.startsWith(SUBPATH)) return { status: 404 };
  let relative = path.slice(SUBPATH.length);
  if (relative === '' || relative.endsWith('/')) relative += 'index.html';
  const file = resolve(root, relative);
  // No escaping dist/ with `..` or an encoded slash.
  if (!file.startsWith(root + sep)) return { status: 404 };
  if (!existsSync(file) || !statSync(file).isFile()) return { status: 404 };
  return { status: 200, file };
}

/** Starts ChromeDriver on a free port and waits until it accepts sessions. */
export async function startChromeDriver() {
  const port = await freePort();
  // Its own process group, so one signal ends it and every browser it started.
  const child = spawn(CHROMEDRIVER, [`--port=${port}`], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const killGroup = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  // Even when a test file crashes or is interrupted before its `after` hook, leave no
  // browser behind (being in another group, they miss the terminal's Ctrl-C).
  const onSignal = (signal) => {
    killGroup();
    process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  };
  process.once('exit', killGroup);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  await eventually(
    async () => {
      if (child.exitCode !== null) throw new Error(`chromedriver exited (${child.exitCode}): ${output}`);
      const status = await (await fetch(`${url}/status`)).json();
      if (!status.value?.ready) throw new Error(`not ready: ${JSON.stringify(status.value)}`);
    },
    { timeout: 20_000, what: 'chromedriver to start' },
  );
  return {
    url,
    stop: () =>
      new Promise((done) => {
        process.removeListener('exit', killGroup);
        process.removeListener('SIGINT', onSignal);
        process.removeListener('SIGTERM', onSignal);
        if (child.exitCode !== null) return done();
        child.once('exit', done);
        killGroup();
      }),
  };
}

function freePort() {
  return new Promise((found, failed) => {
    const probe = createServer();
    probe.once('error', failed);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => found(port));
    });
  });
}

/**
 * Starts the server, ChromeDriver and a browser session. Call `close()` (in an `after`
 * hook) to stop all three; it saves a last screenshot first, which helps when a test failed.
 */
export async function launch(name) {
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error(`${DIST}/index.html is missing: build the site first (trunk build --release)`);
  }
  const server = await startStaticServer();
  const driver = await startChromeDriver();
  let session;
  try {
    session = await Session.start(driver.url);
    await session.setTimeouts({ script: 120_000, pageLoad: 60_000 });
  } catch (err) {
    await driver.stop();
    await server.close();
    throw err;
  }
  return {
    session,
    server,
    /** For a second, fresh browser session (`Session.start(app.driverUrl)`). */
    driverUrl: driver.url,
    async close() {
      try {
        await screenshot(session, `${name}-last`);
      } catch {
        // the browser may already be gone; the screenshot is only a diagnostic
      }
      try {
        await session.quit();
      } finally {
        await driver.stop();
        await server.close();
      }
    },
  };
}
