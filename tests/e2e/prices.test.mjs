// The cost per query the page shows equals what genai-prices itself computes for the
// same token counts at today's prices, exactly, for models from many providers.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { assertSameDecimal, compareDecimal } from './decimal.mjs';
import { eventually, REPO, screenshot } from './harness.mjs';
import { countTokens, oraclePrices } from './oracle.mjs';
import { openApp } from './page.mjs';

// Several providers, with flat, tiered (>200k input) and batch prices among them.
const MODELS = [
  'openai/gpt-5',
  'openai/gpt-4o-mini',
  'anthropic/claude-sonnet-4-5',
  'google/gemini-2.5-pro',
  'mistral/mistral-large-2512',
  'deepseek/deepseek-chat',
  'x-ai/grok-4-0709',
  'cohere/command-r-plus',
  'moonshotai/kimi-k2',
  'groq/llama-3.3-70b-versatile',
];

// Field hooks by the usage key they fill, in the `llm-cost price` format.
const FIELDS = {
  input_tokens: 'input-tokens',
  output_tokens: 'output-tokens',
  cache_read_tokens: 'cache-read-tokens',
  cache_write_tokens: 'cache-write-tokens',
};

const USAGES = [
  { input_tokens: 100_000, output_tokens: 5_000, cache_read_tokens: 40_000, cache_write_tokens: 0 },
  // Past 200k input tokens, where Anthropic and Google charge a higher tier.
  { input_tokens: 250_000, output_tokens: 1_200, cache_read_tokens: 0, cache_write_tokens: 20_000 },
];

let app;
let page;

before(async () => {
  ({ app, page } = await openApp('prices'));
});

after(() => app?.close());

// Each test starts from standard prices, whatever the one before left behind.
beforeEach(() => page.setBatch(false));

async function typeUsage(usage) {
  for (const [key, testId] of Object.entries(FIELDS)) {
    await page.type(testId, key in usage ? String(usage[key]) : '');
  }
}

/** Waits for each model's row to show the oracle's cost for `usage`. */
async function assertCosts(usage, { batch = false } = {}) {
  const priceContext = batch ? { price_context: { processing: 'batch' } } : {};
  const expected = oraclePrices(MODELS.map((model) => ({ model, ...usage, ...priceContext })));
  for (const [i, model] of MODELS.entries()) {
    await page.searchModel(model);
    await page.waitForRow(model, (row) => {
      assertSameDecimal(row.costPerQuery, expected[i].total_usd, `${model} cost per query`);
      assert.equal(row.inputTokens, String(usage.input_tokens), `${model} input tokens`);
    });
  }
  return expected;
}

for (const [n, usage] of USAGES.entries()) {
  test(`hand-typed counts set ${n + 1} cost what genai-prices says`, async () => {
    await typeUsage(usage);
    await assertCosts(usage);
  });
}

test('the batch toggle prices with batch rates where a model has them', async () => {
  const usage = USAGES[0];
  await typeUsage(usage);
  await page.setBatch(true);
  const batch = await assertCosts(usage, { batch: true });
  const standard = oraclePrices([{ model: 'openai/gpt-5', ...usage }]);
  // Guards the test itself: it proves nothing if batch and standard prices coincide.
  assert.equal(compareDecimal(batch[0].total_usd, standard[0].total_usd), -1, 'gpt-5 batch is cheaper');

  await page.setBatch(false);
  await assertCosts(usage);
});

test('without hand counts, OpenAI rows use the prompt’s exact count', async () => {
  const prompt = readFileSync(join(REPO, 'tests', 'tokens', 'corpus', 'prose_en.txt'), 'utf8');
  const outputTokens = 500;
  await typeUsage({ output_tokens: outputTokens });
  await page.setPrompt(prompt);
  const counts = await page.waitForTokenCounts({
    o200k_base: countTokens(prompt, 'o200k_base'),
    cl100k_base: countTokens(prompt, 'cl100k_base'),
  });

  // gpt-5 is counted with o200k_base, gpt-4 with cl100k_base (as tiktoken maps them).
  for (const [model, tokenizer] of [
    ['openai/gpt-5', 'o200k_base'],
    ['openai/gpt-4', 'cl100k_base'],
  ]) {
    const [expected] = oraclePrices([{ model, input_tokens: counts[tokenizer], output_tokens: outputTokens }]);
    await page.searchModel(model);
    await page.waitForRow(model, (row) => {
      assert.equal(row.inputTokens, String(counts[tokenizer]), `${model} uses the ${tokenizer} count`);
      assert.equal(row.countExact, 'true', `${model} count is exact`);
      assertSameDecimal(row.costPerQuery, expected.total_usd, `${model} cost per query`);
    });
  }
});

test('rows with an estimated count bound their cost', async () => {
  // Still the prompt from the previous test: other providers' tokenizers are not public.
  const model = 'anthropic/claude-sonnet-4-5';
  await page.searchModel(model);
  await page.waitForRow(model, (row) => {
    assert.equal(row.countExact, 'false', `${model} count is an estimate`);
    assert.ok(compareDecimal(row.costLow, row.costPerQuery) <= 0, `low ${row.costLow} <= ${row.costPerQuery}`);
    assert.ok(compareDecimal(row.costPerQuery, row.costHigh) <= 0, `${row.costPerQuery} <= high ${row.costHigh}`);
  });
});

test('the table draws the first rows, major providers first, and shows all on request', async () => {
  await typeUsage(USAGES[0]);
  await page.type('model-search', '');
  const drawn = () =>
    app.session.execute(`return [...document.querySelectorAll('[data-testid="model-row"]')].map((r) => r.dataset.model);`);
  await eventually(async () => assert.equal((await drawn()).length, 300), { what: 'the first 300 rows' });
  const first = await drawn();
  assert.ok(first[0].startsWith('openai/'), `first row ${first[0]}`);
  for (const id of ['openai/gpt-5', 'anthropic/claude-sonnet-4-5', 'google/gemini-2.5-pro']) {
    assert.ok(first.includes(id), `${id} is among the first rows`);
  }
  const total = await app.session.execute(
    `return document.querySelector('[data-testid="row-count"]').textContent;`,
  );
  assert.match(total, /2,330 models/);
  await screenshot(app.session, 'prices-table');

  await (await page.element('show-all-models')).click();
  await eventually(async () => assert.equal((await drawn()).length, 2330), { what: 'all 2,330 rows' });
});
