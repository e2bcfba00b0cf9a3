// The benchmark's web server, one origin for everything, as the app's CSP requires:
//   /llm-cost-planner/...   the built site (dist/), as the e2e harness serves it
//   /bench/...              the peers' bench page and worker (tests/bench/browser/)
//   /bench/modules/...      the peers' ESM files from tests/node_modules
//   /bench/corpus/NAME.txt  the benchmark's texts, so no text travels through WebDriver

import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const SUBPATH = '/llm-cost-planner/';
const BROWSER_FILES = join(import.meta.dirname, 'browser');
const NODE_MODULES = resolve(import.meta.dirname, '..', 'node_modules');
/** Only these packages are served; nothing else from node_modules. */
const PEER_PACKAGES = ['gpt-tokenizer', 'js-tiktoken'];
/** js-tiktoken imports base64-js, a CommonJS package; the browser gets an ESM wrapper. */
const BASE64_JS_URL = '/bench/modules/base64-js.mjs';

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves `dist` and the bench files on 127.0.0.1; `corpus` is [{ name, text }].
 * Returns { origin, appUrl, peersUrl, corpusUrl(name), close }.
 */
export async function startBenchServer({ dist, corpus }) {
  const texts = new Map(corpus.map(({ name, text }) => [name, Buffer.from(text)]));
  const server = createServer((req, res) => {
    const found = req.method === 'GET' ? route(new URL(req.url, 'http://x').pathname, dist, texts) : null;
    if (!found) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('404\n');
      return;
    }
    res.writeHead(200, { 'content-type': found.type, 'content-length': found.body.length, 'cache-control': 'no-store' });
    res.end(found.body);
  });
  await new Promise((ready) => server.listen(0, '127.0.0.1', ready));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    appUrl: origin + SUBPATH,
    peersUrl: `${origin}/bench/peers.html`,
    corpusUrl: (name) => `${origin}/bench/corpus/${encodeURIComponent(name)}.txt`,
    close: () =>
      new Promise((done) => {
        server.close(done);
        server.closeAllConnections();
      }),
  };
}

/** { type, body } for `path`, or null. */
function route(path, dist, texts) {
  if (path.startsWith(SUBPATH)) {
    let relative = path.slice(SUBPATH.length);
    if (relative === '' || relative.endsWith('/')) relative += 'index.html';
    return file(dist, relative);
  }
  const corpus = /^\/bench\/corpus\/([\w-]+)\.txt$/.exec(path);
  if (corpus) return texts.has(corpus[1]) ? { type: MIME_TYPES['.txt'], body: texts.get(corpus[1]) } : null;
  if (path === BASE64_JS_URL) return base64JsModule();
  const module = /^\/bench\/modules\/([^/]+)\/(.+)$/.exec(path);
  if (module) {
    if (!PEER_PACKAGES.includes(module[1])) return null;
    const found = file(join(NODE_MODULES, module[1]), module[2]);
    if (found && /\.m?js$/.test(module[2])) {
      found.body = Buffer.from(found.body.toString().replaceAll(`from 'base64-js'`, `from '${BASE64_JS_URL}'`));
    }
    return found;
  }
  if (path.startsWith('/bench/')) return file(BROWSER_FILES, path.slice('/bench/'.length));
  return null;
}

function file(root, relative) {
  const path = resolve(root, decodeURIComponent(relative));
  if (!path.startsWith(resolve(root) + sep) || !existsSync(path) || !statSync(path).isFile()) return null;
  return { type: MIME_TYPES[extname(path)] ?? 'application/octet-stream', body: readFileSync(path) };
}

function base64JsModule() {
  const source = readFileSync(join(NODE_MODULES, 'base64-js', 'index.js'), 'utf8');
  const body = `const module = { exports: {} }; const exports = module.exports;\n${source}\nexport default module.exports;\n`;
  return { type: MIME_TYPES['.mjs'], body: Buffer.from(body) };
}
