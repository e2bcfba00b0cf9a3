// The traffic-mix planner: each preset loads in one click and shows what genai-prices itself
// computes for it (every model call priced by calc_price, combined by the formula written in
// tests/oracle/scenario_cases.py); edits re-price; bad input is refused beside its field and
// at `app-error` while the last good numbers stay; scenario files load by picker and by drop.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { expectNoAxeViolations } from './axe.mjs';
import { assertSameDecimal } from './decimal.mjs';
import { eventually, REPO, screenshot } from './harness.mjs';
import { openApp } from './page.mjs';

const PRESETS = ['support-migration', 'writing-assistant', 'faq-bot'];
const preset = (id) => JSON.parse(readFileSync(join(REPO, 'src', 'core', 'plan', 'presets', `${id}.json`), 'utf8'));

/** The expected figures of each scenario at today's prices, from the Python oracle. */
function oracle(...scenarios) {
  const run = spawnSync(
    join(REPO, '.venv-oracle', 'bin', 'python'),
    [join(REPO, 'tests', 'oracle', 'scenario_cases.py'), '--price-now'],
    { input: JSON.stringify(scenarios), encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`scenario_cases.py --price-now failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

let app;
let page;

before(async () => {
  ({ app, page } = await openApp('scenario'));
});

after(() => app?.close());

/** The three headline hooks' machine values. */
async function figures() {
  return app.session.execute(`
    const value = (id) => document.querySelector('[data-testid="' + id + '"]')?.dataset.value ?? null;
    return { mix: value('mix-cost-per-query'), baseline: value('baseline-cost-per-query'),
             savings: value('savings-pct') };`);
}

/** Sets the `index`-th field with this hook, as typing would. */
async function setField(testId, index, text) {
  const ok = await app.session.execute(
    `const el = document.querySelectorAll('[data-testid="' + arguments[0] + '"]')[arguments[1]];
     if (!el) return false;
     el.value = arguments[2];
     el.dispatchEvent(new Event('input', { bubbles: true }));
     return true;`,
    testId,
    index,
    String(text),
  );
  assert.ok(ok, `no ${testId} #${index}`);
}

async function clickPreset(id) {
  // The planner is drawn once the first priced frame is painted and the browser is idle.
  const button = await eventually(async () => {
    const found = await app.session.find(`[data-testid="preset"][data-preset="${id}"]`);
    assert.ok(found, `no preset button ${id}`);
    return found;
  }, { what: `the ${id} preset button` });
  await button.click();
}

async function appError() {
  return app.session.execute(
    `return document.querySelector('[data-testid="app-error"]')?.textContent ?? null;`,
  );
}

/** Waits until the page shows the oracle's figures for `expected`. */
async function assertShows(expected, what) {
  await eventually(
    async () => {
      const shown = await figures();
      assertSameDecimal(shown.mix, expected.mix_cost_per_query, `${what}: blended cost per query`);
      assertSameDecimal(shown.baseline, expected.baseline_cost_per_query, `${what}: baseline cost per query`);
      // The oracle divides to 24 significant digits, the page to 28.
      assert.ok(
        Math.abs(Number(shown.savings) - Number(expected.savings_pct)) < 1e-9,
        `${what}: savings ${shown.savings}% vs ${expected.savings_pct}%`,
      );
    },
    { what: `${what} figures` },
  );
}

for (const id of [...PRESETS]) {
  test(`the ${id} preset loads in one click and costs what genai-prices says`, async () => {
    await clickPreset(id);
    const [expected] = oracle(preset(id));
    await assertShows(expected, id);
    assert.equal(await appError(), null, 'a preset is valid');
    // The editor shows the preset's own values, not what was typed into the last scenario.
    const shown = await app.session.execute(
      `return [...document.querySelectorAll('[data-testid="query-type"]')].map((row) => [
         row.querySelector('[data-testid="type-name"]').value,
         row.querySelector('[data-testid="type-share"]').value,
         row.querySelector('[data-testid="type-model"]').value]);`,
    );
    assert.deepEqual(shown, preset(id).query_types.map((t) => [t.name, t.share_pct, t.model]));
    const labels = await app.session.execute(
      `return document.querySelector('[data-testid="waterfall-chart"] svg')?.textContent ?? '';`,
    );
    for (const label of ['Baseline', 'Routing', 'Prompt', 'Response', 'Batch', 'Negotiated', 'Mix']) {
      assert.ok(labels.includes(label), `the waterfall has a ${label} bar`);
    }
    await app.session.execute(
      `document.querySelector('[data-testid="scenario-panel"]').scrollIntoView();`,
    );
    await screenshot(app.session, `scenario-${id}`);
    await expectNoAxeViolations(app.session, `the ${id} preset`);
  });
}

test('changing a share and a hit rate re-prices the mix', async () => {
  await clickPreset('support-migration');
  const scenario = preset('support-migration');
  await setField('type-share', 0, '60');
  await setField('type-share', 1, '30');
  scenario.query_types[0].share_pct = '60';
  scenario.query_types[1].share_pct = '30';
  await setField('exact-hit-pct', 0, '25');
  scenario.response_cache = { exact_hit_pct: '25' };
  await setField('prompt-cache-hit-pct', 0, '50');
  scenario.prompt_cache.hit_pct = '50';
  const [expected] = oracle(scenario);
  await assertShows(expected, 'edited support migration');
  assert.equal(await appError(), null);
});

test('the 70/20/10 case can be built from scratch', async () => {
  await (await app.session.find('[data-testid="preset-scratch"]')).click();
  await eventually(async () =>
    assert.equal(
      await app.session.execute(`return document.querySelectorAll('[data-testid="query-type"]').length;`),
      1,
    ),
  );
  const add = await app.session.find('[data-testid="add-query-type"]');
  await add.click();
  await add.click();
  await eventually(async () =>
    assert.equal(
      await app.session.execute(`return document.querySelectorAll('[data-testid="query-type"]').length;`),
      3,
    ),
  );
  const types = [
    ['Lookups', '70', 'openai/gpt-5.4-nano', 150, 200],
    ['Troubleshooting', '20', 'openai/gpt-5.4-mini', 600, 500],
    ['Code', '10', 'openai/gpt-5.5', 1200, 800],
  ];
  for (const [i, [name, share, model, input, output]] of types.entries()) {
    await setField('type-name', i, name);
    await setField('type-share', i, share);
    await setField('type-model', i, model);
    await setField('type-input', i, input);
    await setField('type-output', i, output);
  }
  await setField('baseline-model', 0, 'openai/gpt-5.5');
  const scenario = {
    query_types: types.map(([name, share, model, input, output]) => ({
      name, share_pct: share, model, shared_prefix_tokens: 1000, input_tokens: input, output_tokens: output,
    })),
    baseline_model: 'openai/gpt-5.5',
  };
  const [expected] = oracle(scenario);
  await assertShows(expected, '70/20/10 from scratch');
  assert.ok(Number(expected.savings_pct) > 0, 'the mix saves against the frontier model');
  await screenshot(app.session, 'scenario-from-scratch');
});

test('a router made a model call starts on a small model and is priced as genai-prices says', async () => {
  await (await app.session.find('[data-testid="preset-scratch"]')).click();
  const routerFields = () =>
    app.session.execute(
      `return ['router-model', 'router-input-tokens', 'router-output-tokens']
         .map((id) => document.querySelector('[data-testid="' + id + '"]')?.value ?? null);`,
    );
  const pick = (kind) =>
    app.session.execute(
      `const select = document.querySelector('[data-testid="router-kind"]');
       select.value = arguments[0];
       select.dispatchEvent(new Event('change', { bubbles: true }));`,
      kind,
    );
  await pick('model');
  await eventually(async () => assert.deepEqual(await routerFields(), ['openai/gpt-5.4-nano', '300', '5']));
  const scenario = {
    query_types: [
      { name: 'All queries', share_pct: '100', model: 'openai/gpt-5.4-mini', shared_prefix_tokens: 1000, input_tokens: 300, output_tokens: 500 },
    ],
    router: { kind: 'model', model: 'openai/gpt-5.4-nano', input_tokens: 300, output_tokens: 5 },
  };
  const [expected] = oracle(scenario);
  await assertShows(expected, 'scratch with the default router');
  // A fixed price and back: the model call's fields are as they were.
  await pick('fixed');
  await pick('model');
  await eventually(async () => assert.deepEqual(await routerFields(), ['openai/gpt-5.4-nano', '300', '5']));
  await assertShows(expected, 'the router back to a model call');
  assert.equal(await appError(), null);
});

test('shares that do not total 100% are refused and the last numbers stay', async () => {
  await clickPreset('faq-bot');
  const [expected] = oracle(preset('faq-bot'));
  await assertShows(expected, 'faq bot');
  await clickPreset('support-migration');
  const [good] = oracle(preset('support-migration'));
  await assertShows(good, 'support migration');
  await setField('type-share', 0, '60');
  await eventually(async () => {
    const error = await appError();
    assert.ok(error?.includes('add up to 90%'), `app-error says the total: ${error}`);
  });
  const beside = await app.session.execute(
    `return document.querySelector('[data-testid="share-total"]').textContent;`,
  );
  assert.match(beside, /add 10%/);
  await assertShows(good, 'kept after a bad share');
  await setField('type-share', 0, '70');
  await eventually(async () => assert.equal(await appError(), null));
});

test('a hit rate above 100% or text that is not a number is refused beside its field', async () => {
  await clickPreset('faq-bot');
  const [good] = oracle(preset('faq-bot'));
  await assertShows(good, 'faq bot');
  for (const bad of ['150', 'lots']) {
    await setField('semantic-hit-pct', 0, bad);
    await eventually(async () => {
      const error = await appError();
      assert.ok(error?.includes('Semantic'), `app-error names the field: ${error}`);
      const beside = await app.session.execute(
        `return document.querySelector('[data-testid="semantic-hit-pct"]').closest('label').querySelector('.field-error')?.textContent;`,
      );
      assert.ok(beside, 'a message beside the field');
    });
    await assertShows(good, `kept after ${bad}`);
  }
  await screenshot(app.session, 'scenario-bad-hit-rate');
  await expectNoAxeViolations(app.session, 'a refused hit rate (messages shown, the last numbers kept)');
  await setField('semantic-hit-pct', 0, '70');
  await eventually(async () => assert.equal(await appError(), null));
});

test('a router over its token limit is refused beside its visible token field', async () => {
  // The page's own box refuses such a count as it is typed, so the scenario comes from a file
  // (a link or a script could write one too). Its router is a model call, so the router's
  // token fields show and its fixed price does not.
  await clickPreset('faq-bot');
  const scenario = preset('support-migration');
  scenario.router.input_tokens = 2000000000000;
  const dir = mkdtempSync(join(tmpdir(), 'scenario-'));
  const path = join(dir, 'router-over.json');
  writeFileSync(path, JSON.stringify(scenario));
  const input = await app.session.find('[data-testid="scenario-file"]');
  await input.sendKeys(path);
  await eventually(async () => {
    const error = await appError();
    assert.ok(error?.includes('tokens per call'), `app-error: ${error}`);
    const beside = await app.session.execute(
      `const box = document.querySelector('[data-testid="router-input-tokens"]');
       return box ? box.closest('label').querySelector('.field-error')?.textContent ?? null : 'no field';`,
    );
    assert.ok(beside?.includes('tokens per call'), `beside the router's input tokens: ${beside}`);
    const fixedHidden = await app.session.execute(
      `return document.querySelector('[data-testid="router-usd-per-1k"]') === null;`,
    );
    assert.ok(fixedHidden, 'the fixed-price field is hidden in model mode');
  });
  await screenshot(app.session, 'scenario-router-token-limit');
  await expectNoAxeViolations(app.session, 'a router model call over its token limit');
  await setField('router-input-tokens', 0, '300');
  await eventually(async () => assert.equal(await appError(), null));
});

test('a model without a batch price asked to batch is refused at its field', async () => {
  await clickPreset('faq-bot');
  await setField('type-model', 0, 'openai/gpt-5.3');
  await setField('type-batch', 0, '50');
  await eventually(async () => {
    const error = await appError();
    assert.ok(error?.includes('no batch price'), `app-error: ${error}`);
  });
  await setField('type-batch', 0, '0');
  await eventually(async () => assert.equal(await appError(), null));
});

test('a scenario file loads from the file picker, and a bad one is refused', async () => {
  await clickPreset('support-migration');
  const dir = mkdtempSync(join(tmpdir(), 'scenario-'));
  const scenario = preset('faq-bot');
  scenario.response_cache.semantic_hit_pct = '40';
  const good = join(dir, 'good.json');
  writeFileSync(good, JSON.stringify(scenario));
  const input = await app.session.find('[data-testid="scenario-file"]');
  await input.sendKeys(good);
  const [expected] = oracle(scenario);
  await assertShows(expected, 'loaded file');
  await expectNoAxeViolations(app.session, 'a scenario file loaded from the picker');

  for (const [name, text, says] of [
    ['broken.json', '{"query_types": [', 'not valid'],
    ['future.json', '{"version": 9, "query_types": []}', 'newer'],
    ['unknown-model.json', JSON.stringify({ query_types: [{ share_pct: 100, model: 'acme/gpt-zero' }] }), 'acme'],
  ]) {
    const path = join(dir, name);
    writeFileSync(path, text);
    await input.sendKeys(path);
    await eventually(async () => {
      const error = await appError();
      assert.ok(error?.includes(says), `${name}: app-error says ${says}: ${error}`);
    });
    if (name !== 'unknown-model.json') await assertShows(expected, `kept after ${name}`);
  }
});

test('a scenario file dropped on the page loads', async () => {
  await clickPreset('support-migration');
  const scenario = preset('writing-assistant');
  scenario.prompt_cache.hit_pct = '60';
  await app.session.execute(
    `const file = new File([arguments[0]], 'dropped.json', { type: 'application/json' });
     const transfer = new DataTransfer();
     transfer.items.add(file);
     const target = document.querySelector('[data-testid="scenario-panel"]');
     target.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: transfer }));
     target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));`,
    JSON.stringify(scenario),
  );
  const [expected] = oracle(scenario);
  await assertShows(expected, 'dropped file');
});

test('a preset loaded after edits shows its own values in every field', async () => {
  await clickPreset('support-migration');
  await setField('type-name', 0, 'Edited');
  await setField('type-share', 0, '55');
  await setField('exact-hit-pct', 0, '33');
  await clickPreset('faq-bot');
  await clickPreset('support-migration');
  const values = await app.session.execute(
    `const value = (id) => document.querySelector('[data-testid="' + id + '"]').value;
     return [value('type-name'), value('type-share'), value('exact-hit-pct')];`,
  );
  assert.deepEqual(values, ['Lookups', '70', '0']);
  const [expected] = oracle(preset('support-migration'));
  await assertShows(expected, 'support migration reloaded');
});

test("a prefix taken from the pasted prompt on Claude shows the cost's range", async () => {
  await clickPreset('writing-assistant');
  const box = await app.session.find('[data-testid="type-prefix-from-prompt"]');
  await box.click();
  await eventually(async () => {
    const band = await app.session.execute(
      `const el = document.querySelector('[data-testid="mix-cost-per-query"]');
       return [el.dataset.low, el.dataset.value, el.dataset.high, el.textContent];`,
    );
    assert.ok(Number(band[0]) < Number(band[1]) && Number(band[1]) < Number(band[2]), `a band: ${band}`);
    assert.match(band[3], /range \$[0-9.]+ – \$[0-9.]+/, "the range is shown");
  });
  const disabled = await app.session.execute(
    `return document.querySelector('[data-testid="type-prefix"]').disabled;`,
  );
  assert.equal(disabled, true, 'the typed count gives way to the prompt');
  await screenshot(app.session, 'scenario-prompt-range');
});

test('a negotiated discount is priced as genai-prices says and marked', async () => {
  await clickPreset('support-migration');
  await setField('provider-discount', 0, '20');
  const scenario = preset('support-migration');
  scenario.negotiated = { discount_pct: { openai: '20' } };
  const [expected] = oracle(scenario);
  await assertShows(expected, 'support migration at 20% off');
  const marked = await app.session.execute(
    `return [...document.querySelectorAll('[data-testid="mix-tier"]')].map((row) => row.dataset.negotiated);`,
  );
  assert.ok(marked.length > 0 && marked.every((m) => m === 'true'), `every OpenAI tier is marked: ${marked}`);
  const note = await app.session.execute(
    `return document.querySelector('[data-testid="mix-cost-per-query"]').textContent;`,
  );
  assert.match(note, /negotiated/);
});
