// Benchmark: how long one slider move takes to re-price the scenario and redraw the
// forecast, over 5 tiers × 60 months, in headless Chromium on the release build, for a
// 3-type scenario and for a 50-type one (the planner's most). Prints the script time per
// update (dispatching the slider's input event until the chart shows the new numbers) and
// the time to the next frame, against the 16.7 ms frame budget. Measured, not asserted.
// Run after `trunk build --release`:
//
//   node tests/bench/forecast.mjs [--updates=N]

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { eventually, launch } from '../e2e/harness.mjs';
import { AppPage } from '../e2e/page.mjs';

const { values } = parseArgs({ options: { updates: { type: 'string', default: '60' } } });
const UPDATES = Number(values.updates);

// Three types on three models, one escalation model, a router: five tiers.
const SCENARIO = {
  version: 1,
  name: 'Five tiers, sixty months',
  query_types: [
    { name: 'Lookups', share_pct: '60', model: 'openai/gpt-5.4-nano', shared_prefix_tokens: 2000, input_tokens: 150, output_tokens: 200, escalation: { rate_pct: '5', model: 'openai/gpt-5.5' } },
    { name: 'Support', share_pct: '30', model: 'anthropic/claude-haiku-4-5', shared_prefix_tokens: 2000, input_tokens: 600, output_tokens: 500 },
    { name: 'Code', share_pct: '10', model: 'google/gemini-2.5-pro', shared_prefix_tokens: 2000, input_tokens: 1200, output_tokens: 800, reasoning_tokens: 1000 },
  ],
  router: { kind: 'model', model: 'openai/gpt-5.4-nano', input_tokens: 300, output_tokens: 5 },
  prompt_cache: { hit_pct: '80', ttl: '5m' },
  baseline_model: 'openai/gpt-5.5',
  forecast: { users_start: '20000', growth_pct: '8', queries_per_user: '40', horizon_months: 60, budget_usd: '50000' },
};

// The load case: 50 query types spread over the same three models (and the same escalation
// and router), so still five tiers, over 60 months.
const MODELS = ['openai/gpt-5.4-nano', 'anthropic/claude-haiku-4-5', 'google/gemini-2.5-pro'];
const FIFTY_TYPES = {
  ...SCENARIO,
  name: 'Fifty types, five tiers, sixty months',
  query_types: Array.from({ length: 50 }, (_, i) => ({
    name: `Type ${i + 1}`,
    share_pct: '2',
    model: MODELS[i % 3],
    shared_prefix_tokens: 1000 + 37 * i,
    input_tokens: 100 + 13 * i,
    output_tokens: 50 + 11 * i,
    ...(i % 3 === 0 ? { escalation: { rate_pct: String(1 + (i % 7)), model: 'openai/gpt-5.5' } } : {}),
  })),
};

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] };
}

const app = await launch('bench-forecast');
try {
  const page = new AppPage(app.session);
  await page.open(app.server.appUrl);
  for (const scenario of [SCENARIO, FIFTY_TYPES]) await measure(app, scenario);
} finally {
  await app.close();
}

async function measure(app, scenario) {
  const file = join(mkdtempSync(join(tmpdir(), 'bench-')), 'scenario.json');
  writeFileSync(file, JSON.stringify(scenario));
  await (await app.session.find('[data-testid="scenario-file"]')).sendKeys(file);
  await eventually(async () => {
    const [hits, types] = await app.session.execute(
      `return [document.querySelectorAll('[data-testid="forecast-chart"] .month-hit').length,
               document.querySelectorAll('[data-testid="query-type"]').length];`,
    );
    if (hits !== 60) throw new Error(`${hits} months drawn`);
    if (types !== scenario.query_types.length) throw new Error(`${types} query types shown`);
  }, { timeout: 60_000, what: 'the 60-month forecast' });
  const tiers = await app.session.execute(`return document.querySelectorAll('[data-testid="mix-tier"]').length;`);
  const samples = await app.session.executeAsync(
    `const [updates, done] = arguments;
     const slider = document.querySelector('[data-testid="growth-pct-slider"]');
     const total = () => document.querySelector('[data-testid="forecast-total"]').dataset.value;
     const chart = () => document.querySelector('[data-testid="forecast-chart"] svg');
     const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));
     (async () => {
       const script = [], toFrame = [];
       for (let i = 0; i < updates; i++) {
         await frame();
         const before = total(), svgBefore = chart();
         const position = 200 + ((i * 37) % 600);
         const t0 = performance.now();
         slider.value = String(position);
         slider.dispatchEvent(new Event('input', { bubbles: true }));
         // Leptos runs effects in microtasks: wait until the page shows the new numbers.
         let spins = 0;
         while ((total() === before || chart() === svgBefore) && spins < 10000) { await Promise.resolve(); spins++; }
         const t1 = performance.now();
         const t2 = await frame();
         if (total() === before) { done({ error: 'the forecast did not change at position ' + position }); return; }
         script.push(t1 - t0);
         toFrame.push(t2 - t0);
       }
       done({ script, toFrame });
     })();`,
    UPDATES,
  );
  if (samples.error) throw new Error(samples.error);
  const script = stats(samples.script);
  const frame = stats(samples.toFrame);
  const budget = 1000 / 60;
  const fmt = (v) => `${v.toFixed(1)} ms`;
  console.log(`Forecast update benchmark: ${scenario.query_types.length} query types, ${tiers} tiers × 60 months, ${UPDATES} slider moves (release build, headless Chromium)`);
  console.log(`  script time per update  median ${fmt(script.median)}  p95 ${fmt(script.p95)}  max ${fmt(script.max)}  (median ÷ frame budget: ${(script.median / budget).toFixed(2)})`);
  console.log(`  input to next frame     median ${fmt(frame.median)}  p95 ${fmt(frame.p95)}  max ${fmt(frame.max)}`);
}
