// The whole flow with the keyboard alone: every key goes through WebDriver actions to
// whatever has focus (nothing is clicked, and no element is focused by script). At each stop
// the focused element is the one expected, it shows a visible focus ring, and Tab moves on
// from it (no trap). Along the way the live regions read out the final numbers, once each.

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { eventually, screenshot } from './harness.mjs';
import { countTokens } from './oracle.mjs';
import { openApp } from './page.mjs';
import { KEYS } from './webdriver.mjs';

const PROMPT = 'Summarise this support ticket in two sentences, then suggest a reply.';
/** More Tab presses than this between two stops is a missing stop (or a trap). */
const MAX_TABS = 80;

let app;
let page;
let session;

before(async () => {
  ({ app, page } = await openApp('keyboard'));
  session = app.session;
  await page.waitForTokenCounts();
  // The sample prompt's count is read out first; then record every text each live region
  // takes from now on, to check the numbers are read once, and final.
  await eventually(
    async () => assert.ok(await session.execute(`return document.querySelector('[data-area="counts"]')?.textContent.trim();`)),
    { what: "the sample prompt's count to be read out" },
  );
  await session.execute(
    `window.__announced = [];
     const regions = document.querySelectorAll('[data-testid="announcement"]');
     const observer = new MutationObserver(() => {
       for (const region of regions) {
         const text = region.textContent.trim();
         const said = window.__announced.filter((a) => a.area === region.dataset.area);
         if (text && said.at(-1)?.text !== text) window.__announced.push({ area: region.dataset.area, text });
       }
     });
     for (const region of regions) observer.observe(region, { childList: true, subtree: true, characterData: true });`,
  );
});

after(() => app?.close());

/**
 * What has focus: its data-testid (or tag), a description for messages, and whether a focus
 * ring shows: a non-transparent outline or box-shadow on it (an SVG shape may use its stroke;
 * a visually hidden file input shows the ring on its label), on a box with a size.
 */
function focused() {
  return session.execute(`
    const el = document.activeElement;
    if (!el || el === document.body) return { id: 'body', stop: 0, what: 'body', ring: false };
    // A number per element, so two stops are told apart even when their markup is alike.
    if (!el.__stop) el.__stop = window.__stops = (window.__stops ?? 0) + 1;
    const bearer = el.matches('input[type=file]') ? el.closest('label') ?? el : el;
    const style = getComputedStyle(bearer);
    const visible = (colour) => colour && colour !== 'transparent' && !/rgba\\([^)]*,\\s*0\\)$/.test(colour);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 && visible(style.outlineColor);
    const shadow = style.boxShadow !== 'none' && visible(style.boxShadow.match(/rgba?\\([^)]*\\)/)?.[0] ?? 'currentcolor');
    const stroke = bearer instanceof SVGElement && style.stroke !== 'none' && parseFloat(style.strokeWidth) > 0 && visible(style.stroke);
    const box = bearer.getBoundingClientRect();
    return {
      id: el.dataset?.testid ?? el.tagName.toLowerCase(),
      stop: el.__stop,
      month: el.dataset.month ?? null,
      what: el.outerHTML.slice(0, 120),
      ring: (outline || shadow || stroke) && box.width > 0 && box.height > 0,
      style: { outline: style.outline, boxShadow: style.boxShadow, stroke: style.stroke },
    };`);
}

/** Asserts the focused element shows a focus ring. */
function assertRing(stop) {
  assert.ok(stop.ring, `no visible focus ring on ${stop.what}: ${JSON.stringify(stop.style)}`);
}

/**
 * Presses Tab until the element with `testId` (and `match(stop)`, if given) has focus.
 * Every stop on the way must show a focus ring and differ from the one before (Tab moved on).
 */
async function tabTo(testId, { match = () => true } = {}) {
  let previous = await focused();
  for (let presses = 1; presses <= MAX_TABS; presses += 1) {
    await session.keys(KEYS.TAB);
    const stop = await focused();
    assert.notEqual(stop.stop, previous.stop, `Tab did not move on from ${previous.what} (a trap)`);
    assert.notEqual(stop.id, 'body', `Tab left the page before reaching ${testId}`);
    assertRing(stop);
    if (stop.id === testId && match(stop)) return stop;
    previous = stop;
  }
  throw new Error(`${testId} not reached in ${MAX_TABS} Tab presses`);
}

/** Selects all of the focused field's text and types `text` over it, key by key. */
async function typeOver(text) {
  await session.keys([KEYS.CONTROL, 'a'], ...text);
}

const hook = (testId, what = 'value') =>
  session.execute(`return document.querySelector('[data-testid="' + arguments[0] + '"]')?.[arguments[1]] ?? null;`, testId, what);
const dataValue = (testId) =>
  session.execute(`return document.querySelector('[data-testid="' + arguments[0] + '"]')?.dataset.value ?? null;`, testId);
const announced = () => session.execute('return window.__announced;');

test('the whole flow works from the keyboard, with a focus ring at every stop and no trap', async () => {
  // Prompt → counts.
  await tabTo('prompt-input');
  await typeOver(PROMPT);
  const expected = countTokens(PROMPT, 'o200k_base');
  await page.waitForTokenCounts({ o200k_base: expected });
  await screenshot(session, 'keyboard-prompt');

  // Search → a row: the table is one stop, scrolled with the arrow keys.
  await tabTo('model-search');
  await typeOver('gpt-5-mini');
  await eventually(async () => {
    const row = await page.modelRow('openai/gpt-5-mini');
    assert.ok(row?.visible, 'the searched row shows');
  });
  await tabTo('model-table');
  await session.keys(KEYS.DOWN);
  await screenshot(session, 'keyboard-table');

  // Preset: Enter presses the button.
  await tabTo('preset', { match: (stop) => stop.what.includes('data-preset="faq-bot"') });
  await session.keys(KEYS.ENTER);
  await eventually(async () => {
    assert.equal(
      await session.execute(`return document.querySelector('[data-preset="faq-bot"]').getAttribute('aria-pressed');`),
      'true',
      'the preset says it is chosen',
    );
    assert.ok(Number(await dataValue('mix-cost-per-query')) > 0, 'the preset is priced');
  });

  // Fields: a hit rate typed over re-prices the mix.
  const mixBefore = await dataValue('mix-cost-per-query');
  await tabTo('exact-hit-pct');
  await typeOver('30');
  await eventually(async () => assert.notEqual(await dataValue('mix-cost-per-query'), mixBefore, 'the mix re-prices'));

  // Sliders: arrow keys move the growth slider, its number field and the forecast.
  const forecastBefore = await dataValue('forecast-total');
  const growthBefore = await hook('growth-pct');
  await tabTo('growth-pct-slider');
  await session.keys(KEYS.RIGHT, KEYS.RIGHT, KEYS.RIGHT);
  await eventually(async () => {
    assert.notEqual(await hook('growth-pct'), growthBefore, 'the number field follows the slider');
    assert.notEqual(await dataValue('forecast-total'), forecastBefore, 'the forecast follows');
  });

  // The chart's months are one stop; the arrow keys step between them.
  const month = await tabTo('rect', { match: (stop) => stop.month !== null });
  assert.equal(month.month, '1', 'Tab enters the chart on its first month');
  await session.keys(KEYS.RIGHT);
  const next = await focused();
  assert.equal(next.month, '2', 'ArrowRight focuses the next month');
  assertRing(next);
  // The months are one stop both ways: Shift+Tab leaves the chart, Tab comes back to the
  // month last focused.
  await session.keys([KEYS.SHIFT, KEYS.TAB]);
  const before = await focused();
  assert.equal(before.month, null, `Shift+Tab leaves the chart (on ${before.what})`);
  assertRing(before);
  await session.keys(KEYS.TAB);
  assert.equal((await focused()).month, '2', 'Tab returns to the month last focused');

  // Share → export.
  await tabTo('share-button');
  await session.keys(KEYS.ENTER);
  await eventually(async () => assert.match((await hook('share-url')) ?? '', /#s\d\./, 'a link is made'));
  const dir = mkdtempSync(join(tmpdir(), 'e2e-keyboard-'));
  await session.cdp('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir });
  await tabTo('export-json');
  await session.keys(KEYS.ENTER);
  await eventually(async () => assert.ok(readdirSync(dir).includes('scenario.json'), 'scenario.json downloaded'), {
    timeout: 20_000,
  });
  const scenario = JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8'));
  assert.equal(String(scenario.response_cache?.exact_hit_pct), '30', 'the export has the typed hit rate');
  await screenshot(session, 'keyboard-export');

  // No trap at the end either: Tab goes on to the page's last control and out of it.
  for (let presses = 0; presses < MAX_TABS; presses += 1) {
    await session.keys(KEYS.TAB);
    const stop = await focused();
    if (stop.id === 'body') break;
    assertRing(stop);
  }

  // Every number waited for was read out politely, once it was final.
  const said = await announced();
  const counts = said.filter((a) => a.area === 'counts').map((a) => a.text);
  assert.deepEqual(counts, [`The prompt is ${expected} tokens with o200k_base.`], 'the count, read once, final');
  const table = said.filter((a) => a.area === 'table').map((a) => a.text);
  assert.ok(table.at(-1)?.match(/^\d+ of [\d,]+ models? shown; first, .+ per query\.$/), `the table: ${table}`);
  const mix = said.filter((a) => a.area === 'mix').map((a) => a.text);
  assert.ok(mix.length >= 2 && mix.every((t) => t.startsWith('Blended cost per query $')), `the mix: ${mix}`);
  // The last edit's total is read once it has been still for the announcer's settle time.
  const total = Number(await dataValue('forecast-total'));
  const dollars = total.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  await eventually(
    async () => {
      const forecasts = (await announced()).filter((a) => a.area === 'forecast').map((a) => a.text);
      assert.ok(forecasts.length >= 1, 'the forecast is read out');
      assert.ok(
        forecasts.at(-1).startsWith(`Forecast: $${dollars} over `),
        `the final forecast total: ${forecasts.at(-1)} (hook ${total})`,
      );
    },
    { timeout: 5_000, what: 'the final forecast total to be read out' },
  );
});
