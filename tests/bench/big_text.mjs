// Benchmark: how long the page's own handler blocks the main thread when a big text arrives
// in the prompt box, each way it can arrive: a paste event, the value set and `input` fired
// (the hooks' contract, and what a script or an outside check does), and a drop
// (`beforeinput` with the text on a DataTransfer). Times the dispatch of the event (the
// handler's work, synchronous), and for `input` also the script's own `value =` before it.
// Measured, not asserted. Run after `trunk build --release`:
//
//   node tests/bench/big_text.mjs [--megabytes=50] [--repeats=3]

import { parseArgs } from 'node:util';
import { eventually, launch } from '../e2e/harness.mjs';
import { AppPage } from '../e2e/page.mjs';

const { values } = parseArgs({
  options: { megabytes: { type: 'string', default: '50' }, repeats: { type: 'string', default: '3' } },
});
const MEGABYTES = Number(values.megabytes);
const REPEATS = Number(values.repeats);

// Numbered lines of varied words, as the big-paste test makes them.
const MAKE_TEXT = `(megabytes) => {
  const words = ['budget', 'query', 'model', 'tokens', 'cache', 'latency', 'invoice', 'router'];
  const lines = [];
  let size = 0;
  for (let i = 0; size < megabytes * 1_000_000; i++) {
    const line = 'Line ' + i + ': the ' + words[i % 8] + ' ' + words[(i * 7) % 8] + ' ' + (i % 97) + '.';
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\\n');
}`;

const WAYS = {
  paste: `const clipboardData = new DataTransfer();
          clipboardData.setData('text/plain', window.__text);
          box.focus(); box.select();
          const t0 = performance.now();
          box.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
          return [0, performance.now() - t0];`,
  input: `const t0 = performance.now();
          box.value = window.__text;
          const t1 = performance.now();
          box.dispatchEvent(new Event('input', { bubbles: true }));
          return [t1 - t0, performance.now() - t1];`,
  drop: `const dataTransfer = new DataTransfer();
         dataTransfer.setData('text/plain', window.__text);
         const t0 = performance.now();
         box.dispatchEvent(new InputEvent('beforeinput',
           { inputType: 'insertFromDrop', dataTransfer, bubbles: true, cancelable: true }));
         return [0, performance.now() - t0];`,
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const app = await launch('bench-big-text');
try {
  const page = new AppPage(app.session);
  await page.open(app.server.appUrl);
  await page.waitForTokenCounts();
  await app.session.setTimeouts({ script: 120_000 });
  await app.session.execute(`window.__text = (${MAKE_TEXT})(arguments[0]);`, MEGABYTES);
  console.log(`Big text benchmark: ${MEGABYTES} MB into the prompt box, ${REPEATS} times each way (release build, headless Chromium)`);
  for (const [way, script] of Object.entries(WAYS)) {
    const handler = [], setValue = [];
    for (let i = 0; i < REPEATS; i++) {
      // Start from an empty, editable box, as a person would.
      await app.session.execute(
        `const button = document.querySelector('[data-testid="held-text"] button');
         if (button) button.click();
         else {
           const box = document.querySelector('[data-testid="prompt-input"]');
           box.value = '';
           box.dispatchEvent(new Event('input', { bubbles: true }));
         }`,
      );
      await eventually(async () => {
        const empty = await app.session.execute(
          `const box = document.querySelector('[data-testid="prompt-input"]'); return box.value === '' && !box.readOnly;`,
        );
        if (!empty) throw new Error('the box is not empty yet');
      });
      const [set, ms] = await app.session.execute(
        `const box = document.querySelector('[data-testid="prompt-input"]'); ${script}`,
      );
      const held = await app.session.execute(`return !!document.querySelector('[data-testid="held-text"]');`);
      if (!held) throw new Error(`${way}: the text was not held`);
      handler.push(ms);
      setValue.push(set);
    }
    const extra = way === 'input' ? `; the script's own value = before it: median ${median(setValue).toFixed(0)} ms` : '';
    console.log(
      `  ${way.padEnd(6)} the page's handler: median ${median(handler).toFixed(0)} ms, ` +
        `max ${Math.max(...handler).toFixed(0)} ms${extra}`,
    );
  }
} finally {
  await app.close();
}
