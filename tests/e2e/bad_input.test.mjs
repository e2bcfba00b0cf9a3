// Input the page must refuse: it says why in `app-error`, keeps showing the last good
// cost instead of a wrong one, and recovers once the input is fixed. A huge prompt is
// slow, not fatal.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { after, before, beforeEach, test } from 'node:test';
import { expectNoAxeViolations } from './axe.mjs';
import { assertSameDecimal } from './decimal.mjs';
import { eventually, REPO, screenshot } from './harness.mjs';
import { countTokens, oraclePrices } from './oracle.mjs';
import { openApp } from './page.mjs';

const MODEL = 'openai/gpt-5';
const GOOD = { input_tokens: 1000, output_tokens: 100, cache_read_tokens: 0, cache_write_tokens: 0 };

let app;
let page;
let goodCost;

before(async () => {
  ({ app, page } = await openApp('bad_input'));
  [{ total_usd: goodCost }] = oraclePrices([{ model: MODEL, ...GOOD }]);
});

after(() => app?.close());

// Every test starts from valid counts with the watched row showing their cost.
beforeEach(async () => {
  await page.type('input-tokens', GOOD.input_tokens);
  await page.type('output-tokens', GOOD.output_tokens);
  await page.type('cache-read-tokens', GOOD.cache_read_tokens);
  await page.type('cache-write-tokens', GOOD.cache_write_tokens);
  await page.searchModel(MODEL);
  await assertShowsCost(goodCost);
  await assertNoError();
});

function assertShowsCost(cost) {
  return page.waitForRow(MODEL, (row) => assertSameDecimal(row.costPerQuery, cost, `${MODEL} cost per query`));
}

async function assertShowsError() {
  return eventually(
    async () => {
      const error = await page.appError();
      assert.ok(error.visible, 'app-error is not visible');
      assert.notEqual(error.text, '', 'app-error has no message');
      return error.text;
    },
    { what: 'app-error' },
  );
}

function assertNoError() {
  return eventually(async () => assert.equal((await page.appError()).visible, false, 'app-error still visible'), {
    what: 'app-error to go away',
  });
}

// Each bad value reaches the field in one step, as a paste does, so the last good cost
// is GOOD's: typed key by key, "1.5" would pass through the valid "1", and Chrome drops a
// minus sign typed into a number input. A typed "e" is how unparsable text reaches the
// page in Chrome: validity.badInput is set and the value is empty.
const REFUSED = [
  { text: '-5', enter: 'setValue' },
  { text: '1.5', enter: 'setValue' },
  { text: '1e30', enter: 'setValue' },
  { text: 'e', enter: 'typeOver' },
];

for (const { text, enter } of REFUSED) {
  test(`input tokens "${text}" (${enter}) are refused and the last good cost stays`, async () => {
    await page[enter]('input-tokens', text);
    await assertShowsError();
    await assertShowsCost(goodCost);

    await page.setValue('input-tokens', String(GOOD.input_tokens));
    await assertNoError();
    await assertShowsCost(goodCost);
  });
}

test('letters typed into input tokens never become a cost', async () => {
  await page.typeOver('input-tokens', 'abc');
  const field = await page.fieldState('input-tokens');
  if (field.value === '' && !field.badInput) {
    // Chrome drops letters typed into a number input: the page only sees an emptied
    // field, which means "count the prompt" and is no error. The cost must stay a number.
    await page.waitForRow(MODEL, (row) => assert.match(row.costPerQuery ?? '', /^\d+(\.\d+)?$/));
  } else {
    await assertShowsError();
    await assertShowsCost(goodCost);
  }
});

test('more cached tokens than input tokens are refused', async () => {
  // Pasted whole: typed, "500" on the way to "5000" would be a valid count.
  await page.setValue('cache-read-tokens', String(GOOD.input_tokens * 5));
  const message = await assertShowsError();
  assert.ok(message.length > 10, `a message a person understands, got ${JSON.stringify(message)}`);
  await assertShowsCost(goodCost);
  await screenshot(app.session, 'bad_input-cache-read');
  await expectNoAxeViolations(app.session, 'a refused token count (message beside the field and in app-error)');

  const fixed = { ...GOOD, cache_read_tokens: 400 };
  await page.setValue('cache-read-tokens', String(fixed.cache_read_tokens));
  await assertNoError();
  const [{ total_usd: fixedCost }] = oraclePrices([{ model: MODEL, ...fixed }]);
  await assertShowsCost(fixedCost);
});

test('a 5 MB prompt is counted without crashing the page', async () => {
  const prose = readFileSync(join(REPO, 'tests', 'tokens', 'corpus', 'prose_en.txt'), 'utf8');
  const prompt = prose.repeat(Math.ceil(5_000_000 / prose.length));
  const expected = {
    o200k_base: countTokens(prompt, 'o200k_base'),
    cl100k_base: countTokens(prompt, 'cl100k_base'),
  };
  await page.type('input-tokens', ''); // the prompt's count, not a typed one
  await page.setPrompt(prompt);
  await page.waitForTokenCounts(expected, { timeout: 180_000 });
  await page.waitForRow(MODEL, (row) => assert.equal(row.inputTokens, String(expected.o200k_base)));
  await screenshot(app.session, 'bad_input-5mb-prompt');

  // Still responsive: typed counts take over again.
  await page.type('input-tokens', GOOD.input_tokens);
  await assertShowsCost(goodCost);
  await page.setPrompt('');
});

test('NUL bytes, a lone surrogate and a long line without breaks are counted, not a crash', async () => {
  await page.type('input-tokens', '');
  const line = Array.from({ length: 200_000 }, (_, i) => `w${i.toString(36)}`).join(' ');
  // WebDriver's JSON cannot carry a lone surrogate, so the page puts them in for `@`.
  for (const text of ['a\u0000b\u0000\u0000c', 'broken @ pair and @ too', line]) {
    // The page sees a lone surrogate as U+FFFD, as any UTF-8 tokenizer must.
    const expected = text.replaceAll('@', '\uFFFD');
    await app.session.execute(
      `const box = document.querySelector('[data-testid="prompt-input"]');
       box.value = arguments[0].replaceAll('@', String.fromCharCode(0xD800));
       box.dispatchEvent(new Event('input', { bubbles: true }));`,
      text,
    );
    await page.waitForTokenCounts(
      { o200k_base: countTokens(expected, 'o200k_base'), cl100k_base: countTokens(expected, 'cl100k_base') },
      { timeout: 120_000 },
    );
  }
  assert.equal((await page.appError()).visible, false, 'nothing to complain about');
  await page.setPrompt('');
});

// The limits (README, "Hostile input"): a scenario file over 1 MB, a link's payload over
// 1,500,000 characters or unpacking to over 1 MiB. Both are refused with a message before
// any parsing; how long it took is printed, not asserted.
test('a 10 MB scenario file is refused for its size at once, and the scenario is kept', async () => {
  const before = await mixCost();
  const dir = mkdtempSync(join(tmpdir(), 'bad-input-'));
  const preset = readFileSync(join(REPO, 'src', 'core', 'plan', 'presets', 'faq-bot.json'), 'utf8');
  // A valid scenario padded with white space: only its size can refuse it.
  const huge = join(dir, 'huge.json');
  writeFileSync(huge, preset + ' '.repeat(10_000_000 - preset.length));
  const input = await app.session.find('[data-testid="scenario-file"]');
  const started = Date.now();
  await input.sendKeys(huge);
  const message = await assertShowsError();
  const took = Date.now() - started;
  assert.match(message, /huge\.json was not loaded: at 10\.0 MB it is far larger than a scenario file \(at most 1\.0 MB\)/);
  assert.equal(await mixCost(), before, 'the scenario is kept');
  console.log(`a 10 MB scenario file was refused ${took} ms after it was picked (WebDriver's upload included)`);
  await screenshot(app.session, 'bad_input-10mb-file');

  // The same scenario at its own size loads, and the message goes.
  const small = join(dir, 'faq-bot.json');
  writeFileSync(small, preset);
  await input.sendKeys(small);
  await assertNoError();
});

test('a link at the size limit is refused with a message, quickly', async () => {
  // 1,500,000 characters of deflated random bytes: intact base64 and DEFLATE, which would
  // unpack to over 1 MiB, so the decoder stops at the limit.
  let state = 0x2545f491n;
  const random = Buffer.alloc(1_200_000);
  for (let i = 0; i < random.length; i++) {
    state = (state * 1103515245n + 12345n) & 0x7fffffffn;
    random[i] = Number(state >> 16n) & 0xff;
  }
  const payload = deflateRawSync(random, { level: 0 }).toString('base64url').slice(0, 1_500_000);
  assert.equal(payload.length, 1_500_000);
  await page.open(`${app.server.appUrl}#s1.${payload}`);
  const message = await assertShowsError();
  assert.match(message, /This link holds more than 1024 KiB of data/);
  const [shown, firstRow] = await app.session.execute(
    `const entry = performance.getEntriesByType('navigation')[0];
     return [performance.now(), entry ? entry.domContentLoadedEventEnd : 0];`,
  );
  console.log(
    `a ${payload.length + 3}-character link was refused; its message was checked ${shown.toFixed(0)} ms ` +
      `after navigation started (DOMContentLoaded at ${firstRow.toFixed(0)} ms)`,
  );
  await screenshot(app.session, 'bad_input-link-at-limit');
  // The page works as ever: typed counts are priced.
  for (const [field, value] of Object.entries(GOOD)) await page.type(field.replaceAll('_', '-'), value);
  await page.searchModel(MODEL);
  await assertShowsCost(goodCost);
  await page.open(app.server.appUrl);
});

function mixCost() {
  return app.session.execute(`return document.querySelector('[data-testid="mix-cost-per-query"]')?.dataset.value;`);
}
