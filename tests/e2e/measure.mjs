// Measures the page as a person feels it, and prints the numbers (nothing is asserted:
// speed is reported, not tested). Run after a release build:
//   node tests/e2e/measure.mjs
// It reports the time to the first table, the time from a prompt edit to final counts
// and re-priced rows, and the longest main-thread task of each, from the browser's own
// Long Tasks timeline.

import { launch } from './harness.mjs';
import { AppPage } from './page.mjs';

const { session, server, close } = await launch('measure');
const page = new AppPage(session);

// Long tasks (> 50 ms) are collected from the start of each measured action.
const WATCH_LONG_TASKS = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: false });`;

async function timeUntilReady(action) {
  await session.execute(`window.__longTasks = []; window.__t0 = performance.now();`);
  await action();
  const elapsed = await session.executeAsync(`
    const done = arguments[arguments.length - 1];
    const ready = () => [...document.querySelectorAll('[data-testid="token-count"]')]
      .every((el) => el.dataset.state === 'ready');
    const poll = () => ready() ? done(performance.now() - window.__t0) : setTimeout(poll, 5);
    setTimeout(poll, 0);`);
  const longest = await session.execute(`return Math.max(0, ...window.__longTasks);`);
  return { elapsed, longest };
}

try {
  await page.open(server.appUrl);
  const firstRows = await session.execute(`
    const rows = document.querySelectorAll('[data-testid="model-row"]').length;
    const nav = performance.getEntriesByType('navigation')[0];
    return { rows, sinceNavigation: performance.now() - nav.startTime };`);
  await session.execute(WATCH_LONG_TASKS);
  console.log(`first table: ${firstRows.rows} rows, ${firstRows.sinceNavigation.toFixed(0)} ms after navigation`);

  const prose = 'The quick brown fox jumps over the lazy dog. '.repeat(200);
  for (const [name, text] of [
    ['edit a 9 KB prompt', prose],
    ['edit it again', prose + ' And one more sentence.'],
    ['paste 1 MB', prose.repeat(115)],
    ['paste 10 MB', prose.repeat(1150)],
  ]) {
    const { elapsed, longest } = await timeUntilReady(() => page.setValue('prompt-input', text));
    console.log(`${name}: counts and rows final after ${elapsed.toFixed(0)} ms (incl. 120 ms debounce); longest main-thread task ${longest.toFixed(0)} ms`);
  }
  const { elapsed, longest } = await timeUntilReady(() => page.setValue('output-tokens', '900'));
  console.log(`change output tokens: ${elapsed.toFixed(0)} ms; longest task ${longest.toFixed(0)} ms`);
} finally {
  await close();
}
