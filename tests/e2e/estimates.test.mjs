// Each model row's count comes from its own tokenizer: OpenAI rows exact with the encoding
// tiktoken names, Claude and Gemini rows estimated with the documented factor and a band,
// other rows marked unknown. Counts come from gpt-tokenizer, prices from genai-prices.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertSameDecimal, compareDecimal } from './decimal.mjs';
import { screenshot } from './harness.mjs';
import { countTokens, oraclePrices } from './oracle.mjs';
import { openApp } from './page.mjs';

// Plain English prose: every line is classified as prose, so one factor applies.
const PROSE =
  'Our quarterly review found that customers value quick answers more than long ones.\n' +
  'Most questions are about billing, shipping times and returns, in that order.\n' +
  'Agents resolve nine in ten on the first reply, and the rest within a day.\n';
const OUTPUT_TOKENS = 500;

// The published factors for prose (README, "How token counts are made"), in thousandths.
const PROSE_FACTORS = {
  'anthropic/claude-sonnet-4-5': { name: 'Claude 3 – 4.6', low: 1030, mid: 1100, high: 1270 },
  'anthropic/claude-opus-4-7': { name: 'Claude 4.7 and later', low: 1350, mid: 1460, high: 1750 },
  'google/gemini-1.5-pro': { name: 'Gemini 1.x, Gemma 1 – 2', low: 1000, mid: 1050, high: 1120 },
};

const scaled = (count, permille) => Math.ceil((count * permille) / 1000);

let app;
let page;
let o200k;

before(async () => {
  // As on an 8-core machine: the page shares the tokenizers among four workers (the other
  // browser tests run with this machine's two cores, so one worker).
  ({ app, page } = await openApp('estimates', {
    beforeOpen: (opened) =>
      opened.session.cdp('Emulation.setHardwareConcurrencyOverride', { hardwareConcurrency: 8 }),
  }));
  await page.type('output-tokens', OUTPUT_TOKENS);
  await page.setPrompt(PROSE);
  o200k = countTokens(PROSE, 'o200k_base');
  await page.waitForTokenCounts({ o200k_base: o200k, o200k_harmony: o200k });
});

after(() => app?.close());

async function assertRow(model, check) {
  await page.searchModel(model);
  await page.waitForRow(model, check);
}

test('OpenAI rows are exact with their own encoding, gpt-oss with o200k_harmony', async () => {
  assert.equal(await app.session.execute('return navigator.hardwareConcurrency;'), 8);
  for (const model of ['openai/gpt-5', 'openai/gpt-oss-120b', 'groq/openai/gpt-oss-20b']) {
    const [expected] = oraclePrices([{ model, input_tokens: o200k, output_tokens: OUTPUT_TOKENS }]);
    await assertRow(model, (row) => {
      assert.equal(row.countExact, 'true', `${model} is exact`);
      assert.equal(row.inputTokens, String(o200k), `${model} input`);
      assertSameDecimal(row.costPerQuery, expected.total_usd, `${model} cost`);
    });
  }
  const legacy = countTokens(PROSE, 'r50k_base');
  await assertRow('openai/davinci', (row) => assert.equal(row.inputTokens, String(legacy)));
});

test('Gemini 2.5 and open-weight rows are exact with their own vocabulary', async () => {
  // The counts themselves are checked against each package's tokenizer in tokens.test.mjs.
  const counts = await page.tokenCounts();
  for (const [model, tokenizer] of [
    ['google/gemini-2.5-pro', 'gemma3'],
    ['groq/llama-3.3-70b-versatile', 'llama3'],
    ['deepseek/deepseek-chat', 'deepseek_v3'],
  ]) {
    await assertRow(model, (row) => {
      assert.equal(row.countExact, 'true', `${model} is exact`);
      assert.equal(row.inputTokens, counts[tokenizer].value, `${model} uses the ${tokenizer} count`);
    });
  }
});

for (const [model, factor] of Object.entries(PROSE_FACTORS)) {
  test(`${model} is an estimate: o200k_base × ${factor.mid / 1000} with its band`, async () => {
    const count = scaled(o200k, factor.mid);
    const [expected, low, high] = oraclePrices(
      [count, scaled(o200k, factor.low), scaled(o200k, factor.high)].map((input_tokens) => ({
        model,
        input_tokens,
        output_tokens: OUTPUT_TOKENS,
      })),
    );
    await assertRow(model, (row) => {
      assert.equal(row.countExact, 'false', `${model} is an estimate`);
      assert.equal(row.inputTokens, String(count), `${model} estimated input`);
      assertSameDecimal(row.costPerQuery, expected.total_usd, `${model} cost`);
      assertSameDecimal(row.costLow, low.total_usd, `${model} low`);
      assertSameDecimal(row.costHigh, high.total_usd, `${model} high`);
      assert.ok(compareDecimal(row.costLow, row.costHigh) < 0, 'a real band');
    });
    const estimate = await app.session.execute(
      `const el = document.querySelector('[data-testid="token-estimate"][data-tokenizer="' + arguments[0] + '"]');
       return el && { ...el.dataset };`,
      factor.name,
    );
    assert.ok(estimate, `a token-estimate for ${factor.name}`);
    assert.equal(estimate.value, String(count));
    assert.equal(estimate.low, String(scaled(o200k, factor.low)));
    assert.equal(estimate.high, String(scaled(o200k, factor.high)));
  });
}

test('a model whose tokenizer is unknown says so instead of claiming a count', async () => {
  await assertRow('openai/gpt-6-sol', (row) => {
    assert.equal(row.countExact, 'false');
    assert.equal(row.inputTokens, String(o200k));
  });
  const note = await app.session.execute(
    `return document.querySelector('[data-testid="model-row"][data-model="openai/gpt-6-sol"] .count-note')?.textContent;`,
  );
  assert.match(note ?? '', /tokenizer unknown/);
});

test('a count typed by hand overrides the estimate', async () => {
  const model = 'anthropic/claude-sonnet-4-5';
  await page.type('input-tokens', 1234);
  await assertRow(model, (row) => {
    assert.equal(row.countExact, 'true');
    assert.equal(row.inputTokens, '1234');
    assert.equal(row.costLow, undefined);
  });
  await page.type('input-tokens', '');
});

test('the page cites a public source for every estimate factor', async () => {
  const notes = await app.session.execute(`
    const details = document.querySelector('[data-testid="count-notes"]');
    details.open = true;
    details.scrollIntoView();
    return [...details.querySelectorAll('tbody tr')].map((row) => ({
      models: row.querySelector('th').textContent,
      links: [...row.querySelectorAll('a')].map((a) => a.href),
    }));`);
  assert.ok(notes.length >= 4, 'one row per estimate');
  for (const { models, links } of notes) {
    assert.ok(links.length > 0, `${models} cites a source`);
    for (const link of links) assert.match(link, /^https:\/\//);
  }
  assert.ok(notes.some(({ links }) => links.some((l) => l.includes('platform.claude.com'))));
  await screenshot(app.session, 'estimates-notes');
});

test('the notes name every family counted exactly, with its encodings', async () => {
  const families = await app.session.execute(`
    const details = document.querySelector('[data-testid="count-notes"]');
    details.open = true;
    return [...details.querySelectorAll('[data-testid="exact-family"]')].map((li) => ({
      text: li.textContent,
      encodings: li.dataset.encodings.split(' '),
    }));`);
  const named = (words) => families.find(({ text }) => text.includes(words));
  for (const [words, encoding] of [
    ['OpenAI', 'o200k_base'],
    ['Llama 3', 'llama3'],
    ['Llama 4', 'llama4'],
    ['Mistral', 'tekken'],
    ['DeepSeek', 'deepseek_v3'],
    ['Qwen 1.5', 'qwen2'],
    ['Qwen 3.5', 'qwen3_5'],
    ['Gemma 3', 'gemma3'],
    ['Gemini 2.0', 'gemma3'],
  ]) {
    assert.ok(named(words), `the notes name ${words}`);
    assert.ok(named(words).encodings.includes(encoding), `${words} with ${encoding}`);
  }
  const all = families.flatMap(({ encodings }) => encodings).sort();
  assert.deepEqual(all, [
    'cl100k_base', 'deepseek_v3', 'gemma3', 'llama3', 'llama4', 'o200k_base',
    'o200k_harmony', 'p50k_base', 'qwen2', 'qwen3_5', 'r50k_base', 'tekken',
  ]);
});
