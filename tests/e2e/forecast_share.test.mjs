// The growth forecast, share links and exports, end to end: the forecast agrees with the
// closed form written here, a link opened in a fresh browser shows exactly the sender's
// numbers, a mangled link gets a message (never a blank page), and every export downloads.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { expectNoAxeViolations } from './axe.mjs';
import { eventually, REPO, screenshot } from './harness.mjs';
import { openApp } from './page.mjs';
import { Session } from './webdriver.mjs';

const FORECAST_HOOKS = ['users-start', 'growth-pct', 'queries-per-user', 'horizon-months', 'budget-usd'];
const SHOWN_HOOKS = ['mix-cost-per-query', 'baseline-cost-per-query', 'savings-pct', 'forecast-total', 'over-budget-month'];

let app;
let page;

before(async () => {
  ({ app, page } = await openApp('forecast_share'));
});

after(() => app?.close());

async function setField(session, testId, text) {
  const ok = await session.execute(
    `const el = document.querySelector('[data-testid="' + arguments[0] + '"]');
     if (!el) return false;
     el.value = arguments[1];
     el.dispatchEvent(new Event('input', { bubbles: true }));
     return true;`,
    testId,
    String(text),
  );
  assert.ok(ok, `no ${testId}`);
}

/** data-value of every hook in `hooks`, and the forecast fields' values. */
function readHooks(session) {
  return session.execute(
    `const out = {};
     for (const id of arguments[0]) out[id] = document.querySelector('[data-testid="' + id + '"]')?.dataset.value ?? null;
     for (const id of arguments[1]) out[id] = document.querySelector('[data-testid="' + id + '"]')?.value ?? null;
     return out;`,
    SHOWN_HOOKS,
    FORECAST_HOOKS,
  );
}

async function appError(session = app.session) {
  return session.execute(`return document.querySelector('[data-testid="app-error"]')?.textContent ?? null;`);
}

async function clickPreset(id) {
  // The planner is drawn once the priced table is on screen and the browser is idle.
  const button = await eventually(async () => {
    const found = await app.session.find(`[data-testid="preset"][data-preset="${id}"]`);
    assert.ok(found, `no ${id} preset yet`);
    return found;
  }, { timeout: 5_000, what: `the ${id} preset` });
  await button.click();
}

/** Spend over `months` months: u·q·c·(rⁿ − 1)/(r − 1), the geometric series. */
/** The support-migration preset with a forecast of 20,000 users growing 8% a month, 40 queries
 * each, over 36 months, against a $20,000 monthly budget. */
async function openSupportForecast() {
  await clickPreset('support-migration');
  await setField(app.session, 'users-start', '20000');
  await setField(app.session, 'growth-pct', '8');
  await setField(app.session, 'queries-per-user', '40');
  await setField(app.session, 'horizon-months', '36');
  await setField(app.session, 'budget-usd', '20000');
}

function closedFormTotal(users, growthPct, queries, costPerQuery, months) {
  const r = 1 + growthPct / 100;
  const first = users * queries * costPerQuery;
  return r === 1 ? first * months : (first * (r ** months - 1)) / (r - 1);
}

test('the forecast follows its fields and agrees with the closed form', async () => {
  await openSupportForecast();
  await eventually(async () => {
    const hooks = await readHooks(app.session);
    const perQuery = Number(hooks['mix-cost-per-query']);
    const expected = closedFormTotal(20000, 8, 40, perQuery, 36);
    const total = Number(hooks['forecast-total']);
    assert.ok(Math.abs(total - expected) <= 1e-9 * expected, `total ${total} vs ${expected}`);
    // First month m with 20000·40·c·1.08^(m−1) > 20000.
    let month = 1;
    while (20000 * 40 * perQuery * 1.08 ** (month - 1) <= 20000) month += 1;
    assert.equal(hooks['over-budget-month'], month <= 36 ? String(month) : '');
  });
  const hits = await app.session.execute(
    `return document.querySelectorAll('[data-testid="forecast-chart"] svg .month-hit').length;`,
  );
  assert.equal(hits, 36, 'one hover target per month');
  await app.session.execute(`document.querySelector('[data-testid="forecast-panel"]').scrollIntoView();`);
  await screenshot(app.session, 'forecast');
  await expectNoAxeViolations(app.session, 'the forecast (support migration, 36 months, a budget)');
});

test('a slider moves its number field and the forecast with it', async () => {
  await clickPreset('faq-bot');
  const before = (await readHooks(app.session))['forecast-total'];
  await app.session.execute(
    `const slider = document.querySelector('[data-testid="growth-pct-slider"]');
     slider.value = '900';
     slider.dispatchEvent(new Event('input', { bubbles: true }));`,
  );
  await eventually(async () => {
    const hooks = await readHooks(app.session);
    assert.notEqual(hooks['growth-pct'], '10', 'the number field follows the slider');
    assert.notEqual(hooks['forecast-total'], before);
  });
});

test('absurd forecast values are refused with a message and the last forecast stays', async () => {
  await clickPreset('faq-bot');
  const good = (await readHooks(app.session))['forecast-total'];
  for (const [field, value, says] of [
    ['growth-pct', '10000', 'growth'],
    ['users-start', '1e30', 'users'],
    ['queries-per-user', '-5', 'Queries'],
    ['horizon-months', '10000', 'horizon'],
  ]) {
    await setField(app.session, field, value);
    await eventually(async () => {
      const error = await appError();
      assert.ok(error && error.toLowerCase().includes(says.toLowerCase()), `${field}=${value}: ${error}`);
    });
    assert.equal((await readHooks(app.session))['forecast-total'], good, `kept after ${field}=${value}`);
    const text = await app.session.execute(`return document.body.innerText;`);
    assert.ok(!/NaN|undefined/.test(text), 'no NaN on the page');
    await clickPreset('faq-bot');
  }
});

test('a forecast kept after a refused edit is shown with the budget it was made with', async () => {
  await openSupportForecast();
  const budgetText = () =>
    app.session.execute(`return document.querySelector('[data-testid="over-budget-month"] .budget-text')?.textContent ?? '';`);
  const chartText = () =>
    app.session.execute(`return document.querySelector('[data-testid="forecast-chart"] svg')?.textContent ?? '';`);
  let month;
  await eventually(async () => {
    const hooks = await readHooks(app.session);
    const perQuery = Number(hooks['mix-cost-per-query']);
    month = 1;
    while (20000 * 40 * perQuery * 1.08 ** (month - 1) <= 20000) month += 1;
    assert.ok(month <= 36, `the preset goes over a $20,000 budget (month ${month})`);
    assert.equal(hooks['over-budget-month'], String(month));
    assert.match(await budgetText(), new RegExp(`^Month ${month} is the first over the \\$20,000(\\.00)? budget`));
  });
  const kept = (await readHooks(app.session))['forecast-total'];

  // A refused edit elsewhere in the forecast, then a budget no month reaches.
  await setField(app.session, 'growth-pct', '10000');
  await eventually(async () => assert.match((await appError()) ?? '', /growth/i));
  await setField(app.session, 'budget-usd', '900000000');
  await new Promise((done) => setTimeout(done, 300));
  const hooks = await readHooks(app.session);
  assert.equal(hooks['budget-usd'], '900000000', 'the new budget is typed');
  assert.equal(hooks['forecast-total'], kept, 'the last forecast that could be made stays');
  assert.equal(hooks['over-budget-month'], String(month), 'its over-budget month stays');
  // Its month is compared to the budget it was computed with, in the text and in the chart.
  const text = await budgetText();
  assert.match(text, new RegExp(`^Month ${month} is the first over the \\$20,000(\\.00)? budget`), text);
  assert.ok(!text.includes('900,000,000'), text);
  const chart = await chartText();
  assert.ok(!/900,000,000|\$900M/.test(chart), `the chart draws the old budget: ${chart.slice(0, 200)}`);
  assert.match(chart, /Budget \$20(,000|k)/, 'the chart labels the budget the forecast was made with');
  assert.ok(
    await app.session.execute(`return document.querySelector('.forecast-results').classList.contains('stale');`),
    'the kept forecast is marked stale',
  );
  await app.session.execute(`document.querySelector('[data-testid="forecast-panel"]').scrollIntoView();`);
  await screenshot(app.session, 'forecast-kept-with-its-budget');
  await expectNoAxeViolations(app.session, 'a refused forecast edit, the last forecast kept');

  // Once the refused value is fixed, the forecast is made again, with the new budget.
  await setField(app.session, 'growth-pct', '8');
  await eventually(async () => {
    assert.equal((await readHooks(app.session))['over-budget-month'], '');
    assert.match(await budgetText(), /^Within the \$900,000,000(\.00)? budget every month/);
  });
});

test('a shared link opens in a fresh browser with exactly the same numbers', async () => {
  const lengths = {};
  for (const id of ['support-migration', 'writing-assistant', 'faq-bot']) {
    await clickPreset(id);
    await (await app.session.find('[data-testid="share-button"]')).click();
    const url = await app.session.execute(`return document.querySelector('[data-testid="share-url"]').value;`);
    lengths[id] = url.length;
    assert.ok(url.length <= 600, `${id}: the link is ${url.length} characters`);
  }
  console.log(`link lengths: ${JSON.stringify(lengths)}`);

  // An edited scenario, shared and opened elsewhere.
  await clickPreset('support-migration');
  await setField(app.session, 'type-share', '65');
  await app.session.execute(
    `const el = document.querySelectorAll('[data-testid="type-share"]')[1];
     el.value = '25'; el.dispatchEvent(new Event('input', { bubbles: true }));`,
  );
  await setField(app.session, 'users-start', '250000');
  await setField(app.session, 'budget-usd', '90000');
  await (await app.session.find('[data-testid="share-button"]')).click();
  const url = await app.session.execute(`return document.querySelector('[data-testid="share-url"]').value;`);
  const sent = await readHooks(app.session);
  assert.ok(url.includes('#'), 'the scenario rides in the fragment');

  const other = await Session.start(app.driverUrl);
  try {
    await other.navigate(url);
    await eventually(
      async () => {
        const received = await readHooks(other);
        assert.deepEqual(received, sent);
      },
      { timeout: 60_000, what: 'the same numbers in the fresh browser' },
    );
    assert.equal(await appError(other), null);
    await screenshot(other, 'forecast-shared-link-opened');
    await expectNoAxeViolations(other, 'a shared link opened in a fresh browser');
  } finally {
    await other.quit();
  }
  // No request ever carried the scenario.
  assert.ok(!app.server.requests.some((r) => r.url.includes('s1.')), 'the fragment never reaches the server');
});

test('the address bar follows edits, so a reload keeps them', async () => {
  await clickPreset('faq-bot');
  await setField(app.session, 'users-start', '777');
  await eventually(async () => {
    const hash = await app.session.execute('return location.hash;');
    assert.ok(hash.length > 10, `the fragment follows: ${hash}`);
  });
  await new Promise((done) => setTimeout(done, 600));
  const history = await app.session.execute('return history.length;');
  await app.session.execute('location.reload();');
  await eventually(async () => assert.equal((await readHooks(app.session))['users-start'], '777'), {
    timeout: 60_000,
    what: 'the edit after a reload',
  });
  assert.ok((await app.session.execute('return history.length;')) <= history, 'edits do not flood the history');
});

test('a mangled, truncated or foreign link shows a message and the default scenario', async () => {
  await clickPreset('support-migration');
  await (await app.session.find('[data-testid="share-button"]')).click();
  const url = await app.session.execute(`return document.querySelector('[data-testid="share-url"]').value;`);
  const base = app.server.appUrl;
  for (const [link, says] of [
    [`${base}#s1.this-is-not-a-scenario`, 'damaged'],
    [url.slice(0, url.length - 40), 'damaged'],
    [`${base}#s9.AAAA`, 'newer'],
    [`${base}#section-2`, 'link'],
  ]) {
    await app.session.navigate('about:blank');
    await page.open(link);
    await eventually(async () => {
      const error = await appError();
      assert.ok(error && error.toLowerCase().includes(says), `${link.slice(-30)}: ${error}`);
    }, { timeout: 60_000, what: `a message for ${link.slice(-30)}` });
    // The planner is drawn once the priced table is on screen and the browser is idle.
    await eventually(async () => {
      const hooks = await readHooks(app.session);
      assert.ok(Number(hooks['mix-cost-per-query']) > 0, 'the default scenario is priced');
    }, { timeout: 5_000, what: 'the default scenario priced' });
  }
  await screenshot(app.session, 'forecast-mangled-link');
  await expectNoAxeViolations(app.session, 'a foreign link refused with a message');
  await app.session.navigate('about:blank');
  await page.open(app.server.appUrl);
});

test('exports download the scenario, the forecast, the comparison and the chart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-downloads-'));
  await app.session.cdp('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir });
  await clickPreset('writing-assistant');
  for (const hook of ['export-json', 'export-csv', 'export-comparison-csv', 'export-svg', 'export-png']) {
    await (await app.session.find(`[data-testid="${hook}"]`)).click();
  }
  const want = ['scenario.json', 'forecast.csv', 'model-comparison.csv', 'forecast.svg', 'forecast.png'];
  await eventually(
    async () => {
      const files = readdirSync(dir);
      for (const name of want) assert.ok(files.includes(name), `${name} in ${files}`);
    },
    { timeout: 20_000, what: 'the downloads' },
  );
  const scenario = JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8'));
  const preset = JSON.parse(readFileSync(join(REPO, 'src/core/plan/presets/writing-assistant.json'), 'utf8'));
  assert.deepEqual(scenario.query_types.map((t) => t.model), preset.query_types.map((t) => t.model));
  const csv = readFileSync(join(dir, 'forecast.csv'), 'utf8').trim().split(/\r?\n/);
  assert.equal(csv.length, 1 + 36, 'a header and one row per month (the default 36)');
  assert.match(csv[0], /^month,calendar_month,users,queries,.*total_usd,baseline_usd$/);
  const comparison = readFileSync(join(dir, 'model-comparison.csv'), 'utf8').trim().split(/\r?\n/);
  assert.ok(comparison.length > 1000, `every model (${comparison.length} lines)`);
  assert.match(readFileSync(join(dir, 'forecast.svg'), 'utf8'), /^<svg/);
  const png = readFileSync(join(dir, 'forecast.png'));
  assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG');
  assert.equal(existsSync(join(dir, 'forecast.png')), true);
});

test('the prompt travels in a link only when asked, and opens with it', async () => {
  await page.open(app.server.appUrl);
  const secret = 'Confidential: our churn numbers — 機密 🔒';
  await page.setPrompt(secret);
  await (await app.session.find('[data-testid="share-button"]')).click();
  const without = await app.session.execute(`return document.querySelector('[data-testid="share-url"]').value;`);
  await (await app.session.find('[data-testid="share-include-prompt"]')).click();
  await (await app.session.find('[data-testid="share-button"]')).click();
  const withPrompt = await app.session.execute(`return document.querySelector('[data-testid="share-url"]').value;`);
  assert.ok(withPrompt.length > without.length, 'the link with the prompt is longer');
  const other = await Session.start(app.driverUrl);
  try {
    for (const [url, expected] of [[without, null], [withPrompt, secret]]) {
      await other.navigate('about:blank');
      await other.navigate(url);
      await eventually(async () => {
        const text = await other.execute(`return document.querySelector('[data-testid="prompt-input"]')?.value ?? null;`);
        assert.ok(text !== null, 'the page mounted');
        if (expected === null) assert.notEqual(text, secret, 'the prompt stayed out of the link');
        else assert.equal(text, expected);
      }, { timeout: 60_000, what: 'the prompt box' });
    }
  } finally {
    await other.quit();
  }
  await (await app.session.find('[data-testid="share-include-prompt"]')).click();
});

test('a link pasted into the address bar of an open page opens it', async () => {
  await page.open(app.server.appUrl);
  await clickPreset('faq-bot');
  await (await app.session.find('[data-testid="share-button"]')).click();
  const url = await app.session.execute(`return document.querySelector('[data-testid="share-url"]').value;`);
  const faq = await readHooks(app.session);
  await clickPreset('support-migration');
  // Until the address bar has followed the preset (it is faq-bot's link until then).
  await eventually(async () =>
    assert.notEqual(await app.session.execute('return location.hash;'), new URL(url).hash),
  );
  await app.session.execute('location.hash = arguments[0];', new URL(url).hash);
  await eventually(async () => assert.deepEqual(await readHooks(app.session), faq), {
    timeout: 60_000,
    what: 'the pasted link to open',
  });
});
