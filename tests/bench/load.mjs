// Cold-load benchmark: `node tests/bench/load.mjs [--runs=N] [--timeout=S]` (after a release
// build; BENCH_DIST=path measures another build). Each run starts a new headless Chromium
// with a fresh profile (no HTTP cache, no compiled-wasm cache), loads the release site from
// 127.0.0.1 (no compression, `cache-control: no-store`), waits until every `token-count`
// hook of the sample prompt is `ready`, then reads the page's Performance marks (`llm:*`,
// src/ui/perf_marks.rs), its resource timings and what a MutationObserver saw of the hooks.
// It prints each phase's median over the runs, in ms since navigation start, with the two
// headline figures: navigation → an interactive, priced comparison table, and navigation →
// the sample prompt's exact counts final (every hook, and o200k_base's alone). Nothing here
// asserts a time; it only prints them.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openBrowser } from './browser.mjs';
import { startBenchServer } from './server.mjs';
import { median } from './stats.mjs';

const REPO = resolve(import.meta.dirname, '..', '..');

// Runs in the app's tab before its own scripts: when the first priced row appears, when the
// rows carry the sample's exact o200k_base count, and when each token-count hook first
// shows a final count. Observed from the outside, through the stable hooks only.
const HOOK_WATCHER = `
if (location.pathname.startsWith('/llm-cost-planner/')) {
  const seen = (window.__loadBench = { ready: {} });
  const number = (value) => /^[0-9.]+$/.test(value ?? '');
  const check = () => {
    const now = performance.now();
    if (seen.pricedRowMs === undefined) {
      const row = document.querySelector('[data-testid="model-row"][data-cost-per-query]');
      if (row && number(row.dataset.costPerQuery)) seen.pricedRowMs = now;
    }
    if (seen.exactRowMs === undefined) {
      const row = document.querySelector('[data-testid="model-row"][data-model="openai/gpt-4o"]');
      if (row && row.dataset.countExact === 'true' && Number(row.dataset.inputTokens) > 0) seen.exactRowMs = now;
    }
    const hooks = document.querySelectorAll('[data-testid="token-count"]');
    for (const el of hooks) {
      const name = el.dataset.tokenizer;
      if (!seen.ready[name] && el.dataset.state === 'ready' && /^[0-9]+$/.test(el.dataset.value ?? '')) seen.ready[name] = now;
    }
    if (seen.allReadyMs === undefined && hooks.length > 0 && [...hooks].every((el) => seen.ready[el.dataset.tokenizer] !== undefined)) {
      seen.allReadyMs = now;
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
}`;

const WAIT_AND_READ = `
const [timeoutMs, done] = arguments;
const started = Date.now();
const poll = () => {
  const seen = window.__loadBench;
  if ((seen && seen.allReadyMs !== undefined) || Date.now() - started > timeoutMs) {
    const marks = {};
    for (const mark of performance.getEntriesByType('mark')) {
      if (mark.name.startsWith('llm:') && !(mark.name in marks)) marks[mark.name] = mark.startTime;
    }
    const resources = {};
    for (const entry of performance.getEntriesByType('resource')) {
      const file = entry.name.split('/').pop().replace(/-[0-9a-f]{16}/, '');
      resources[file] = { start: entry.startTime, end: entry.responseEnd, bytes: entry.encodedBodySize };
    }
    const paint = Object.fromEntries(performance.getEntriesByType('paint').map((p) => [p.name, p.startTime]));
    const nav = performance.getEntriesByType('navigation')[0];
    return done({
      timeout: !(seen && seen.allReadyMs !== undefined),
      seen,
      marks,
      resources,
      paint,
      domContentLoaded: nav?.domContentLoadedEventEnd,
    });
  }
  setTimeout(poll, 10);
};
poll();`;

function readOptions(args) {
  const options = { runs: 5, timeoutMs: 60_000 };
  for (const arg of args) {
    const [key, value] = arg.replace(/^--/, '').split('=');
    if (key === 'runs') options.runs = Number(value);
    else if (key === 'timeout') options.timeoutMs = Number(value) * 1000;
    else throw new Error(`unknown option ${arg}`);
  }
  if (!(options.runs >= 1)) throw new Error('--runs must be at least 1');
  return options;
}

/** One cold load in a new browser with a fresh profile. */
async function coldLoad(appUrl, timeoutMs) {
  const browser = await openBrowser();
  try {
    await browser.session.setTimeouts({ script: timeoutMs + 30_000, pageLoad: 120_000 });
    await browser.pageCdp('Page.addScriptToEvaluateOnNewDocument', { source: HOOK_WATCHER });
    await browser.session.navigate(appUrl);
    return { ...(await browser.session.executeAsync(WAIT_AND_READ, timeoutMs)), browserVersion: browser.browserVersion };
  } finally {
    await browser.close();
  }
}

/** The phases printed, in order: [label, pick(load) → ms or undefined]. */
function phases(loads) {
  const markNames = [...new Set(loads.flatMap((load) => Object.keys(load.marks)))];
  const byMarkTime = (a, b) => median(loads.map((l) => l.marks[a] ?? Infinity)) - median(loads.map((l) => l.marks[b] ?? Infinity));
  const resource = (file, field) => (load) => load.resources[file]?.[field];
  const wasm = Object.keys(loads[0].resources).find((f) => f.startsWith('llm-cost-planner') && f.endsWith('.wasm'));
  const js = Object.keys(loads[0].resources).find((f) => f.startsWith('llm-cost-planner') && f.endsWith('.js'));
  return [
    ['page wasm downloaded', resource(wasm, 'end')],
    ['page JS downloaded', resource(js, 'end')],
    ['DOMContentLoaded', (l) => l.domContentLoaded],
    ['first contentful paint', (l) => l.paint['first-contentful-paint']],
    ...markNames.sort(byMarkTime).map((name) => [`mark ${name}`, (l) => l.marks[name]]),
    ['token worker wasm downloaded', resource('token-worker_bg.wasm', 'end')],
    ['o200k_base vocabulary downloaded', resource('o200k_base.tiktoken', 'end')],
    ['hooks: first priced model-row', (l) => l.seen?.pricedRowMs],
    ['hooks: gpt-4o row exact', (l) => l.seen?.exactRowMs],
    ['hooks: o200k_base token-count ready', (l) => l.seen?.ready?.o200k_base],
    ['hooks: every token-count ready', (l) => l.seen?.allReadyMs],
  ];
}

const fmt = (ms) => (Number.isFinite(ms) ? ms.toFixed(0) : '—');

function printReport(loads, meta) {
  console.log(`\nCold loads: ${loads.length} (${meta.dist}), Chromium ${loads[0].browserVersion}, ${meta.cores} cores, load average before ${meta.load}`);
  console.log('ms since navigation start; median (min – max) of the runs\n');
  console.log('| phase | median | min – max |');
  console.log('|---|---:|---:|');
  for (const [label, pick] of phases(loads)) {
    const values = loads.map(pick).filter(Number.isFinite);
    if (values.length === 0) continue;
    const missing = values.length < loads.length ? ` (${values.length} of ${loads.length} runs)` : '';
    console.log(`| ${label}${missing} | ${fmt(median(values))} | ${fmt(Math.min(...values))} – ${fmt(Math.max(...values))} |`);
  }
  const headline = (pick) => fmt(median(loads.map(pick).filter(Number.isFinite)));
  // On screen: the first priced row is in the document and the page has painted (builds
  // without marks are measured the same way).
  const priced = (l) => Math.max(l.seen?.pricedRowMs ?? Infinity, l.paint['first-contentful-paint'] ?? 0);
  console.log(`\nnavigation → interactive priced comparison table (first priced model-row, painted): ${headline(priced)} ms (target 500)`);
  console.log(`navigation → sample prompt's exact counts final, every token-count: ${headline((l) => l.seen?.allReadyMs)} ms (target 800)`);
  console.log(`navigation → sample prompt's o200k_base count final: ${headline((l) => l.seen?.ready?.o200k_base)} ms`);
  const sizes = loads[0].resources;
  const total = Object.values(sizes).reduce((sum, r) => sum + (r.bytes ?? 0), 0);
  console.log(`bytes fetched by the time every count was final (first run): ${(total / 1e6).toFixed(1)} MB over ${Object.keys(sizes).length} files`);
  if (loads.some((l) => l.timeout)) console.log('some runs timed out before every hook was ready');
}

// openBrowser talks CDP over a WebSocket; Node 20 has one only behind a flag.
if (typeof WebSocket === 'undefined') {
  const args = ['--experimental-websocket', ...process.execArgv, ...process.argv.slice(1)];
  const child = spawnSync(process.execPath, args, { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

let options;
try {
  options = readOptions(process.argv.slice(2));
} catch (err) {
  console.error(`${err.message}\nOptions: --runs=N (default 5), --timeout=SECONDS (default 60).`);
  process.exit(2);
}
const dist = resolve(process.env.BENCH_DIST ?? join(REPO, 'dist'));
if (!existsSync(join(dist, 'index.html'))) {
  console.error(`${dist}/index.html is missing: build the site first (trunk build --release)`);
  process.exit(2);
}
const load = loadavg()[0].toFixed(2);
// A copy of the build, so a rebuild of dist/ during the run cannot mix two builds.
const distCopy = mkdtempSync(join(tmpdir(), 'bench-dist-'));
cpSync(dist, distCopy, { recursive: true });
const server = await startBenchServer({ dist: distCopy, corpus: [] });
const loads = [];
try {
  for (let run = 0; run < options.runs; run++) {
    process.stderr.write(`[load] cold load ${run + 1} of ${options.runs}\n`);
    loads.push(await coldLoad(server.appUrl, options.timeoutMs));
  }
} finally {
  await server.close();
  rmSync(distCopy, { recursive: true, force: true });
}
printReport(loads, { dist, cores: cpus().length, load });
