// Any screen, light or dark: at phone (390×844) and tablet (768×1024) sizes the page never
// scrolls sideways, every control is a touch target of at least 24×24 px and the main
// panels never overlap; the comparison table scrolls inside its own panel under a sticky
// header; the section bar (a rail on wide screens, along the bottom on narrow ones, never
// over the content) reaches each part of the tool in one move; a shared link opens on
// its scenario; dark mode follows prefers-color-scheme, and the theme toggle wins over it and
// is remembered across a reload; axe-core finds nothing wrong on the phone page, light and
// dark, nor on the desktop page in the dark theme (contrast included). Screenshots of each
// state go to target/e2e-screenshots/ (screens-*.png): look at them after a layout change.
//
// One browser, three page loads (the first, the reload, the shared link): the viewport and
// the colour scheme are switched on the open page through the DevTools protocol.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expectNoAxeViolations } from './axe.mjs';
import { eventually, screenshot } from './harness.mjs';
import { openApp } from './page.mjs';

const PHONE = { width: 390, height: 844, mobile: true };
const TABLET = { width: 768, height: 1024, mobile: true };
const DESKTOP = { width: 1400, height: 1000, mobile: false };
/** The sheet's --paper in each theme (public/styles.css), as computed colours. */
const PAPER = { light: 'rgb(246, 247, 249)', dark: 'rgb(14, 19, 26)' };
/** The dark chart palette's ink (src/chart/svg.rs, Palette::DARK.ink). */
const DARK_CHART_INK = '#E4E8EF';
const MIN_TARGET = 24;

let app;
let page;

before(async () => {
  ({ app, page } = await openApp('screens', { beforeOpen: ({ session }) => emulate(session, PHONE) }));
  await whenPriced();
});

after(() => app?.close());

async function emulate(session, { width, height, mobile }) {
  await session.cdp('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile });
  await session.cdp('Emulation.setTouchEmulationEnabled', { enabled: mobile, maxTouchPoints: mobile ? 5 : 1 });
}

function colourScheme(value) {
  return app.session.cdp('Emulation.setEmulatedMedia', {
    features: [{ name: 'prefers-color-scheme', value }],
  });
}

/** The counts final, the rows priced and the planner's forecast drawn. */
async function whenPriced() {
  await page.waitForTokenCounts({}, { timeout: 60_000 });
  await eventually(
    async () => {
      const ready = await app.session.execute(
        `return Boolean(document.querySelector('[data-testid=model-row][data-cost-per-query]')
                 && document.querySelector('[data-testid=forecast-chart] svg'));`,
      );
      assert.ok(ready, 'no priced row or no forecast chart yet');
    },
    { timeout: 30_000, what: 'the priced page' },
  );
}

/** Lets the page lay out after a change of viewport, scheme or scroll. */
function settle() {
  return app.session.executeAsync(`const done = arguments[0];
    requestAnimationFrame(() => requestAnimationFrame(() => done()));`);
}

/**
 * What the layout checks read, in page coordinates at the top of the page: the viewport,
 * the document's scroll width, each main panel's box, and every visible control's target
 * (a checkbox, radio or hidden file input is its label's box: the label is what one taps).
 */
function measure() {
  return app.session.execute(`
    scrollTo(0, 0);
    const box = (el) => { const r = el.getBoundingClientRect(); return { top: r.top + scrollY, left: r.left, width: r.width, height: r.height }; };
    const panels = {};
    for (const [name, css] of Object.entries(arguments[0])) {
      const el = document.querySelector(css);
      panels[name] = el ? box(el) : null;
    }
    const small = [];
    for (const el of document.querySelectorAll('input, button, select, textarea, summary')) {
      if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: false })) continue;
      const wrapped = ['checkbox', 'radio', 'file'].includes(el.type) && el.closest('label');
      const target = box(wrapped || el);
      if (target.width === 0 && target.height === 0) continue;
      if (target.width < arguments[1] || target.height < arguments[1]) {
        small.push((el.dataset.testid || el.getAttribute('aria-label') || el.textContent.trim().slice(0, 30) || el.tagName)
          + ' ' + Math.round(target.width) + 'x' + Math.round(target.height));
      }
    }
    const bar = document.querySelector('[data-testid=section-bar]');
    const barFixed = getComputedStyle(bar).position === 'fixed';
    // Scrolled to the end, the page's last line is clear of a bar fixed along the bottom.
    scrollTo(0, document.documentElement.scrollHeight);
    const lastLine = document.querySelector('footer').lastElementChild.getBoundingClientRect().bottom;
    const endClear = !barFixed || lastLine <= bar.getBoundingClientRect().top + 0.5;
    scrollTo(0, 0);
    return { innerWidth, clientWidth: document.documentElement.clientWidth, barFixed, endClear,
             scrollWidth: document.documentElement.scrollWidth, panels, small };`,
  {
    masthead: 'header.masthead',
    sections: '[data-testid=section-bar]',
    prompt: '[data-section=prompt]',
    models: '[data-section=models]',
    planner: '[data-testid=scenario-panel]',
    footer: 'footer',
  },
  MIN_TARGET,
  );
}

function overlaps(a, b) {
  const gap = 0.5; // sub-pixel rounding between touching boxes
  return a.left + gap < b.left + b.width && b.left + gap < a.left + a.width
    && a.top + gap < b.top + b.height && b.top + gap < a.top + a.height;
}

/** No sideways scroll, no small target, no two main panels on top of each other. */
async function assertFits(viewport, what) {
  const m = await measure();
  assert.equal(m.innerWidth, viewport.width, `${what}: the layout viewport widened to ${m.innerWidth} px (content too wide)`);
  assert.ok(m.scrollWidth <= viewport.width, `${what}: the page scrolls sideways (${m.scrollWidth} > ${viewport.width} px)`);
  assert.deepEqual(m.small, [], `${what}: targets under ${MIN_TARGET} px`);
  assert.ok(m.endClear, `${what}: the bar along the bottom covers the end of the page`);
  // A bar fixed along the bottom edge overlays the page by design (the page's end is kept
  // clear of it, above); everything else must not overlap.
  const names = Object.keys(m.panels).filter((name) => !(name === 'sections' && m.barFixed));
  for (const name of names) {
    assert.ok(m.panels[name], `${what}: no ${name} panel`);
    assert.ok(m.panels[name].left >= 0 && m.panels[name].left + m.panels[name].width <= viewport.width + 0.5,
      `${what}: ${name} is outside the screen (${JSON.stringify(m.panels[name])})`);
  }
  for (const [i, a] of names.entries()) {
    for (const b of names.slice(i + 1)) {
      assert.ok(!overlaps(m.panels[a], m.panels[b]), `${what}: ${a} overlaps ${b}`);
    }
  }
}

/**
 * The table scrolls inside its panel with its header row stuck to the panel's top: after
 * scrolling the panel, the header is still at the panel's top and the first row is above
 * it, and the page itself did not move.
 */
async function assertTableScrollsInItsPanel(what) {
  const r = await app.session.execute(`
    const panel = document.querySelector('.table-scroll');
    const head = panel.querySelector('thead th');
    const first = panel.querySelector('[data-testid=model-row]');
    scrollTo(0, 0);
    panel.scrollTop = 0;
    const pageBefore = document.documentElement.scrollTop;
    const scrollable = panel.scrollHeight > panel.clientHeight + 100;
    panel.scrollTop = 600;
    const p = panel.getBoundingClientRect(), h = head.getBoundingClientRect(), f = first.getBoundingClientRect();
    const out = { scrollable, scrolled: panel.scrollTop, panelTop: p.top, panelHeight: p.height, headTop: h.top,
                  firstBottom: f.bottom, pageMoved: document.documentElement.scrollTop !== pageBefore, viewport: innerHeight };
    panel.scrollTop = 0;
    return out;`);
  assert.ok(r.scrollable, `${what}: the table does not scroll inside its panel`);
  assert.equal(r.scrolled, 600, `${what}: the panel did not scroll`);
  assert.ok(!r.pageMoved, `${what}: scrolling the table scrolled the page`);
  assert.ok(Math.abs(r.headTop - r.panelTop) <= 2, `${what}: the header row is not stuck to the panel's top (${r.headTop} vs ${r.panelTop})`);
  assert.ok(r.firstBottom <= r.panelTop, `${what}: the first row did not scroll away under the header`);
  assert.ok(r.panelHeight <= 0.8 * r.viewport, `${what}: the table panel is ${r.panelHeight} px of a ${r.viewport} px screen`);
}

/** Scrolls `css`'s element to the top of the viewport and takes a screenshot. */
async function screenshotAt(css, name) {
  await app.session.execute(`document.querySelector(arguments[0]).scrollIntoView();`, css);
  await settle();
  await screenshot(app.session, name);
}

function pageLook() {
  return app.session.execute(`return {
    theme: document.documentElement.dataset.theme ?? null,
    paper: getComputedStyle(document.documentElement).backgroundColor,
    stored: localStorage.getItem('llm-cost-planner.theme'),
    chart: document.querySelector('[data-testid=forecast-chart] svg')?.outerHTML ?? '' };`);
}

async function chooseTheme(value) {
  await (await app.session.find(`[data-testid=theme-choice][data-value=${value}]`)).click();
}

test('phone: no sideways scroll, touch-sized controls, no overlap, the table scrolls in its panel', async () => {
  await assertFits(PHONE, 'phone');
  await expectNoAxeViolations(app.session, 'the phone page');
  await assertTableScrollsInItsPanel('phone');
  // A search leaves its model's row in the table (outside checks find rows this way).
  const row = await page.searchModel('openai/gpt-4o');
  assert.ok(row.dataset.costPerQuery, 'the searched row is priced');
  await page.type('model-search', '');
  await screenshot(app.session, 'screens-phone');
  await screenshotAt('[data-testid=scenario-panel]', 'screens-phone-planner');
  await screenshotAt('[data-testid=forecast-panel]', 'screens-phone-forecast');
  await screenshotAt('[data-testid=waterfall-chart]', 'screens-phone-waterfall');
  await screenshotAt('[data-testid=forecast-chart]', 'screens-phone-chart');
});

test('phone, dark system theme: the dark sheet and dark charts, without a reload', async () => {
  await colourScheme('dark');
  await settle();
  await eventually(async () => {
    const look = await pageLook();
    assert.equal(look.theme, null, 'no theme chosen yet');
    assert.equal(look.paper, PAPER.dark);
    assert.ok(look.chart.includes(DARK_CHART_INK), 'the forecast chart is not in the dark palette');
  }, { what: 'the dark page' });
  await assertFits(PHONE, 'phone, dark');
  // Contrast (and every other rule) on the dark sheet, the planner and forecast included.
  await expectNoAxeViolations(app.session, 'the phone page in the dark system theme');
  await screenshotAt('header.masthead', 'screens-phone-dark');
  await screenshotAt('[data-testid=forecast-chart]', 'screens-phone-dark-chart');
  await colourScheme('light');
  await eventually(async () => assert.equal((await pageLook()).paper, PAPER.light), { what: 'the light page again' });
});

test('phone: the section bar stays along the bottom edge, a jump lands its section at the top', async () => {
  await (await page.element('jump-to-forecast')).click();
  await settle();
  const r = await app.session.execute(`
    const bar = document.querySelector('[data-testid=section-bar]').getBoundingClientRect();
    return { barBottom: bar.bottom, viewport: innerHeight,
             top: document.querySelector('[data-testid=forecast-panel]').getBoundingClientRect().top };`);
  assert.equal(r.barBottom, r.viewport, 'the section bar is not along the bottom edge');
  assert.ok(r.top >= -1 && r.top <= 40, `the forecast starts at ${r.top} px, not at the top of the screen`);
  // WebDriver scrolls what it clicks to the top of the screen: nothing covers it there.
  await (await app.session.find('[data-testid=preset][data-preset=faq-bot]')).click();
  await (await app.session.find('[data-testid=preset][data-preset=support-migration]')).click();
});

test('tablet: no sideways scroll, touch-sized controls, no overlap, the table scrolls in its panel', async () => {
  await emulate(app.session, TABLET);
  await settle();
  await assertFits(TABLET, 'tablet');
  await assertTableScrollsInItsPanel('tablet');
  await screenshotAt('header.masthead', 'screens-tablet');
  await screenshotAt('[data-testid=scenario-panel]', 'screens-tablet-planner');
});

test('desktop: each section is one move away, from a rail that covers none of the content', async () => {
  await emulate(app.session, DESKTOP);
  await settle();
  await assertFits(DESKTOP, 'desktop');
  await assertTableScrollsInItsPanel('desktop');
  const targets = {
    'jump-to-prompt': '[data-section=prompt]',
    'jump-to-models': '[data-section=models]',
    'jump-to-planner': '[data-testid=scenario-panel]',
    'jump-to-forecast': '[data-testid=forecast-panel]',
  };
  for (const [jump, css] of Object.entries(targets)) {
    await app.session.execute(`scrollTo(0, document.documentElement.scrollHeight);`);
    await (await page.element(jump)).click();
    await settle();
    const r = await app.session.execute(`
      const bar = document.querySelector('[data-testid=section-bar]').getBoundingClientRect();
      const target = document.querySelector(arguments[0]);
      const t = target.getBoundingClientRect();
      return { bar: { top: bar.top, bottom: bar.bottom, right: bar.right }, top: t.top, left: t.left,
               viewport: innerHeight, focused: target.contains(document.activeElement) };`, css);
    assert.ok(r.bar.top >= 0 && r.bar.bottom <= r.viewport, `${jump}: the section bar is not on screen (${JSON.stringify(r.bar)})`);
    assert.ok(r.bar.right <= r.left, `${jump}: the rail covers its section (rail ends at ${r.bar.right} px, section starts at ${r.left} px)`);
    assert.ok(r.top >= -1 && r.top <= 40, `${jump}: its section starts at ${r.top} px, not at the top of the screen`);
    assert.ok(r.focused, `${jump}: the keyboard focus did not move to its section`);
  }
});

test('desktop: the theme toggle overrides the system and is remembered across a reload', async () => {
  await colourScheme('light');
  await chooseTheme('dark');
  await eventually(async () => {
    const look = await pageLook();
    assert.equal(look.theme, 'dark');
    assert.equal(look.stored, 'dark', 'the choice is kept in localStorage');
    assert.equal(look.paper, PAPER.dark);
    assert.ok(look.chart.includes(DARK_CHART_INK), 'the forecast chart is not in the dark palette');
  }, { what: 'the dark theme' });
  await expectNoAxeViolations(app.session, 'the desktop page with the dark theme chosen');
  await screenshotAt('header.masthead', 'screens-desktop-dark');
  await screenshotAt('[data-testid=scenario-panel]', 'screens-desktop-dark-planner');
  await screenshotAt('[data-testid=forecast-panel]', 'screens-desktop-dark-forecast');

  // The share link carries the scenario, never the theme: opening it elsewhere is not dark.
  await (await page.element('share-button')).click();
  const link = await eventually(async () => {
    const url = await app.session.execute(`return document.querySelector('[data-testid=share-url]').value;`);
    assert.match(url, /#./);
    return url;
  }, { what: 'the share link' });

  // The address bar now holds the link: a blank page in between makes this a real load.
  await app.session.navigate('about:blank');
  await page.open(app.server.appUrl);
  const reloaded = await pageLook();
  assert.equal(reloaded.theme, 'dark', 'the choice did not survive the reload');
  assert.equal(reloaded.paper, PAPER.dark);
  const checked = await app.session.execute(`return document.querySelector('[data-testid=theme-choice]:checked')?.dataset.value;`);
  assert.equal(checked, 'dark', 'the toggle shows the remembered choice');

  await chooseTheme('system');
  await eventually(async () => {
    const look = await pageLook();
    assert.equal(look.theme, null, 'system: no data-theme');
    assert.equal(look.stored, null, 'system: nothing stored');
    assert.equal(look.paper, PAPER.light, 'system (light): the light sheet');
  }, { what: 'the system theme' });
  app.sharedLink = link;
});

test('a shared link opens scrolled to the scenario it carries, in the device theme', async () => {
  assert.ok(app.sharedLink, 'the previous test made a share link');
  // A fragment-only change does not reload the page: load a blank page in between.
  await app.session.navigate('about:blank');
  await page.open(app.sharedLink);
  await whenPriced();
  await eventually(async () => {
    const r = await app.session.execute(`
      return { scrollY, top: document.querySelector('[data-testid=scenario-panel]').getBoundingClientRect().top };`);
    assert.ok(r.scrollY > 0, 'the page opened at the top');
    assert.ok(r.top >= -1 && r.top <= 40, `the planner starts at ${r.top} px, not at the top of the screen`);
  }, { timeout: 5_000, what: 'the planner at the top' });
  assert.equal((await pageLook()).paper, PAPER.light, 'the link carried no theme');
  await screenshot(app.session, 'screens-desktop-shared-link');
});
