// Benchmark: our in-browser token counting against JavaScript peers (gpt-tokenizer,
// js-tiktoken) in the same headless Chromium, on a corpus the script builds itself.
// Prints throughput (MB/s), start-up times, memory and ratios, checks that all counts
// agree, and writes everything to tests/bench/results.json. Run from anywhere, after a
// release build (trunk build --release) and npm install in tests/:
//
//   node tests/bench/tokenizers.mjs [options]
//
//   --quick             a smoke run: texts at 1/10 size, 20 s timeout, one start-up load
//   --runs=N            measure each case N times and report the median (default 1)
//   --timeout=S         give up on one case after S seconds and report "timeout" (default 60)
//   --cases=a,b         only these cases (prose, code, cjk, emoji, whitespace,
//                       nospace-letters, nospace-base64)
//   --encodings=a,b     o200k_base and/or cl100k_base (default both)
//   --peers=a,b         gpt-tokenizer and/or js-tiktoken (default both; --peers= for none)
//   --skip-ours         measure the peers only
//   --startup-runs=N    page loads / fresh peer workers for start-up times (default 3)
//   --scale=F           texts at F times full size (full: 1 to 4 MB each)
//   --no-memory         skip the CDP memory readings
//   --out=PATH          where to write the JSON (default tests/bench/results.json)
//   --print=PATH        only print the report of a results.json written earlier
//   BENCH_DIST=DIR      another build than dist/
//
// Exits 1 when the implementations disagree on a count. Progress goes to stderr, the
// report to stdout. Peers run only here: they are test devDependencies, never shipped.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openBrowser } from './browser.mjs';
import { buildCorpus, CASE_NAMES } from './corpus.mjs';
import { truncateToBytes } from './generated_text.mjs';
import { measureOurs } from './ours.mjs';
import { measurePeers, PEERS, STARTUP_PROMPT } from './peers.mjs';
import { buildRows, findMismatches, printReport } from './report.mjs';
import { startBenchServer } from './server.mjs';

const REPO = resolve(import.meta.dirname, '..', '..');
const ENCODINGS = ['o200k_base', 'cl100k_base'];

// The memory readings talk CDP over a WebSocket; Node 20 has one only behind a flag.
if (typeof WebSocket === 'undefined') {
  const args = ['--experimental-websocket', ...process.execArgv, ...process.argv.slice(1)];
  const child = spawnSync(process.execPath, args, { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

let options;
try {
  options = readOptions(process.argv.slice(2));
} catch (err) {
  console.error(`${err.message}\nOptions are listed at the top of tests/bench/tokenizers.mjs.`);
  process.exit(2);
}
if (options.print) {
  printReport(JSON.parse(readFileSync(options.print, 'utf8')));
  process.exit(0);
}
const log = (message) => process.stderr.write(`[bench] ${message}\n`);
const dist = resolve(process.env.BENCH_DIST ?? join(REPO, 'dist'));
if (!existsSync(join(dist, 'index.html'))) {
  console.error(`${dist}/index.html is missing: build the site first (trunk build --release)`);
  process.exit(2);
}

const started = Date.now();
const loadBefore = loadavg();
log(`building the corpus (scale ${options.scale})`);
const corpus = buildCorpus({ scale: options.scale, only: options.cases });
// A little of every case, counted once before timing, so no implementation is timed cold.
// Only 1 kB of the no-space runs: more would already take long in the quadratic ones.
const warmup = corpus.map((c) => truncateToBytes(c.text, c.name.startsWith('nospace') ? 1_000 : 16_000)).join('\n');
// A copy of the build, so a rebuild of dist/ during the run cannot mix two builds.
const distCopy = mkdtempSync(join(tmpdir(), 'bench-dist-'));
cpSync(dist, distCopy, { recursive: true });
const distFiles = readdirSync(distCopy, { recursive: true }).sort();
const server = await startBenchServer({ dist: distCopy, corpus: [...corpus, { name: 'warmup', text: warmup }] });
const browser = await openBrowser();
let ours = null;
let peers = null;
try {
  await browser.session.setTimeouts({ script: options.timeoutMs + 120_000, pageLoad: 120_000 });
  const measureOptions = { ...options, log, probes: options.quick ? 3 : 7 };
  if (!options.skipOurs) ours = await measureOurs(browser, server, corpus, measureOptions);
  // The peers start up on the prompt the app counts on load, so start-up counts compare too.
  const startupPrompt = ours?.startup.prompt ?? STARTUP_PROMPT;
  if (options.peers.length) peers = await measurePeers(browser, server, corpus, { ...measureOptions, startupPrompt });
} finally {
  await browser.close();
  await server.close();
  rmSync(distCopy, { recursive: true, force: true });
}

const shape = { corpus, ours, peers, encodings: options.encodings, peerNames: options.peers };
const results = {
  meta: {
    date: new Date().toISOString(),
    command: ['node', 'tests/bench/tokenizers.mjs', ...process.argv.slice(2)].join(' '),
    node: process.version,
    chromium: browser.browserVersion,
    cpus: cpus().length,
    loadBefore,
    loadAfter: loadavg(),
    durationS: (Date.now() - started) / 1000,
    dist,
    distFiles,
    options,
  },
  corpus: corpus.map(({ name, bytes, sha256, source }) => ({ name, bytes, sha256, source })),
  peerNames: options.peers,
  rows: buildRows(shape),
  mismatches: findMismatches(shape),
  ours,
  peers,
};
printReport(results);
writeFileSync(options.out, JSON.stringify(results, null, 2) + '\n');
log(`wrote ${options.out} (${results.meta.durationS.toFixed(0)} s in all)`);
process.exit(results.mismatches.length ? 1 : 0);

function readOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      runs: { type: 'string' },
      timeout: { type: 'string' },
      cases: { type: 'string' },
      encodings: { type: 'string' },
      peers: { type: 'string' },
      'skip-ours': { type: 'boolean', default: false },
      'startup-runs': { type: 'string' },
      scale: { type: 'string' },
      'no-memory': { type: 'boolean', default: false },
      out: { type: 'string' },
      print: { type: 'string' },
    },
  });
  const list = (value, allowed, what) => {
    if (value === undefined) return allowed;
    const items = value.split(',').filter(Boolean);
    const unknown = items.filter((item) => !allowed.includes(item));
    if (unknown.length) throw new Error(`unknown ${what}: ${unknown.join(', ')} (known: ${allowed.join(', ')})`);
    return items;
  };
  const number = (value, fallback) => {
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!(parsed > 0)) throw new Error(`not a positive number: ${value}`);
    return parsed;
  };
  return {
    quick: values.quick,
    runs: Math.round(number(values.runs, 1)),
    timeoutMs: number(values.timeout, values.quick ? 20 : 60) * 1000,
    cases: list(values.cases, CASE_NAMES, 'case'),
    encodings: list(values.encodings, ENCODINGS, 'encoding'),
    peers: list(values.peers, PEERS, 'peer'),
    skipOurs: values['skip-ours'],
    startupRuns: Math.round(number(values['startup-runs'], values.quick ? 1 : 3)),
    scale: number(values.scale, values.quick ? 0.1 : 1),
    memory: !values['no-memory'],
    out: resolve(values.out ?? join(import.meta.dirname, 'results.json')),
    print: values.print && resolve(values.print),
  };
}
