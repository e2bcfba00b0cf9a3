// Lighthouse scores of the release build: `node tests/bench/lighthouse.mjs [--runs N]`.
//
// Serves dist/ on 127.0.0.1 (server.mjs, under the same subpath as the e2e tests), runs
// Lighthouse 12.2.3 (a test-only npm package) in Debian's Chromium (CHROME_PATH, default
// /usr/bin/chromium; headless, no sandbox, a fresh profile each run) with Lighthouse's
// default mobile profile (a Moto G Power sized screen, simulated slow 4G and a 4x slower
// CPU), and prints the performance, accessibility, best-practices and SEO scores of each
// run and their median, then every audit that kept a category below 100. The last run's
// full report is written to target/lighthouse/report.{html,json}.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { startBenchServer } from './server.mjs';

const REPO = resolve(import.meta.dirname, '..', '..');
const DIST = resolve(process.env.E2E_DIST ?? join(REPO, 'dist'));
const REPORTS = join(REPO, 'target', 'lighthouse');
const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 1;
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs takes a whole number ≥ 1');

/** One Lighthouse run in a fresh Chromium; returns Lighthouse's result object (lhr) and report. */
async function audit(url) {
  const chrome = await chromeLauncher.launch({
    chromePath: CHROME_PATH,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: ['html', 'json'],
      logLevel: 'error',
      onlyCategories: CATEGORIES,
    });
    if (!result) throw new Error('Lighthouse returned no result');
    if (result.lhr.runtimeError) throw new Error(`Lighthouse: ${result.lhr.runtimeError.message}`);
    return result;
  } finally {
    await chrome.kill();
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const score = (lhr, id) => Math.round((lhr.categories[id]?.score ?? 0) * 100);

/** Audits of `category` that scored below 1 and carry weight, as "id (score): title". */
function shortfalls(lhr, category) {
  return lhr.categories[category].auditRefs
    .filter((ref) => ref.weight > 0)
    .map((ref) => lhr.audits[ref.id])
    .filter((a) => a.score !== null && a.score < 1)
    .map((a) => `${a.id} (${Math.round(a.score * 100)}): ${a.title}${a.displayValue ? ` — ${a.displayValue}` : ''}`);
}

const server = await startBenchServer({ dist: DIST, corpus: [] });
try {
  const results = [];
  let last;
  for (let run = 1; run <= RUNS; run += 1) {
    last = await audit(server.appUrl);
    const scores = Object.fromEntries(CATEGORIES.map((c) => [c, score(last.lhr, c)]));
    const metrics = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index']
      .map((id) => `${id.replace(/-/g, ' ')} ${last.lhr.audits[id]?.displayValue ?? '?'}`)
      .join(', ');
    results.push(scores);
    console.log(`run ${run}: ${CATEGORIES.map((c) => `${c} ${scores[c]}`).join(', ')}`);
    console.log(`  ${metrics}; ${last.lhr.audits['total-byte-weight']?.displayValue ?? '?'}`);
  }

  console.log(`\nLighthouse ${last.lhr.lighthouseVersion}, ${last.lhr.configSettings.formFactor} profile, ${last.lhr.environment.hostUserAgent.match(/Chrome\/[\d.]+/)?.[0] ?? 'Chromium'}, median of ${RUNS} run(s):\n`);
  console.log('| category | score |');
  console.log('|---|---|');
  for (const c of CATEGORIES) console.log(`| ${last.lhr.categories[c].title} | ${median(results.map((r) => r[c]))} |`);

  for (const c of CATEGORIES) {
    const below = shortfalls(last.lhr, c);
    if (below.length) console.log(`\n${last.lhr.categories[c].title}, below 100 on (last run):\n  ${below.join('\n  ')}`);
  }

  mkdirSync(REPORTS, { recursive: true });
  const [html, json] = last.report;
  writeFileSync(join(REPORTS, 'report.html'), html);
  writeFileSync(join(REPORTS, 'report.json'), json);
  console.log(`\nfull report of the last run: ${join(REPORTS, 'report.html')}`);
} finally {
  await server.close();
}
