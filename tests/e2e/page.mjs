// The app as the tests see it, through the data-testid hooks of shared/TESTING_HOOKS.md.
// Everything the tests assume about the page's markup lives here.

import assert from 'node:assert/strict';
import { eventually, launch } from './harness.mjs';

const byTestId = (id) => `[data-testid="${id}"]`;

// WebDriver's code points for special keys.
const KEY = { NULL: '\uE000', CONTROL: '\uE009' };

/**
 * The start of every test file: the server, ChromeDriver and a browser (harness.mjs's
 * `launch(name)`), then the page, opened and mounted. `beforeOpen(app)` runs before the
 * page loads (to emulate hardware, say). Returns `{ app, page }`; the caller's `after`
 * hook calls `app.close()`. If the page does not open, everything is closed again.
 */
export async function openApp(name, { beforeOpen } = {}) {
  const app = await launch(name);
  try {
    if (beforeOpen) await beforeOpen(app);
    const page = new AppPage(app.session);
    await page.open(app.server.appUrl);
    return { app, page };
  } catch (err) {
    await app.close();
    throw err;
  }
}

export class AppPage {
  constructor(session) {
    this.session = session;
  }

  /** Loads the page and waits for the app (wasm) to mount. */
  async open(url) {
    await this.session.navigate(url);
    await eventually(
      async () => assert.ok(await this.session.find(byTestId('prompt-input')), 'no prompt-input yet'),
      { timeout: 60_000, what: 'the app to mount' },
    );
  }

  async element(testId) {
    const found = await this.session.find(byTestId(testId));
    assert.ok(found, `no element with data-testid=${testId}`);
    return found;
  }

  /** Sets a field's whole value at once and fires `input`, like a paste. */
  async setValue(testId, text) {
    const ok = await this.session.execute(
      `const el = document.querySelector(arguments[0]);
       if (!el) return false;
       el.value = arguments[1];
       el.dispatchEvent(new Event('input', { bubbles: true }));
       return true;`,
      byTestId(testId),
      text,
    );
    assert.ok(ok, `no element with data-testid=${testId}`);
  }

  setPrompt(text) {
    return this.setValue('prompt-input', text);
  }

  /**
   * Empties a field, then types `text` key by key, so the browser's own input rules apply
   * (a number input drops letters it cannot take).
   */
  async type(testId, text) {
    await this.setValue(testId, '');
    await (await this.element(testId)).sendKeys(String(text));
  }

  /**
   * Selects everything in a field and types `text` over it, key by key, so that no
   * intermediate empty value is ever seen (unlike `type`).
   */
  async typeOver(testId, text) {
    const field = await this.element(testId);
    await field.click();
    // Ctrl+A, then the NULL key to release Ctrl before typing.
    await field.sendKeys(`${KEY.CONTROL}a${KEY.NULL}${text}`);
  }

  /** The value the page sees in a field, and whether the browser flagged it unparsable. */
  fieldState(testId) {
    return this.session.execute(
      `const el = document.querySelector(arguments[0]);
       return { value: el.value, badInput: Boolean(el.validity && el.validity.badInput) };`,
      byTestId(testId),
    );
  }

  /** Every `token-count` element as { tokenizer: { state, value } }. */
  tokenCounts() {
    return this.session.execute(
      `const counts = {};
       for (const el of document.querySelectorAll(arguments[0])) {
         counts[el.dataset.tokenizer] = { state: el.dataset.state, value: el.dataset.value };
       }
       return counts;`,
      byTestId('token-count'),
    );
  }

  /**
   * Waits until every token count is ready and, for each tokenizer in `expected`, equals
   * it; returns all counts as { tokenizer: number }. Waiting for the values, not just the
   * state, keeps a count still showing for the previous text from being taken.
   */
  async waitForTokenCounts(expected = {}, { timeout = 30_000 } = {}) {
    return eventually(
      async () => {
        const counts = await this.tokenCounts();
        for (const tokenizer of Object.keys(expected)) {
          assert.ok(counts[tokenizer], `no token-count for ${tokenizer}`);
        }
        const result = {};
        for (const [tokenizer, { state, value }] of Object.entries(counts)) {
          assert.equal(state, 'ready', `${tokenizer} count is ${state}`);
          assert.match(value ?? '', /^\d+$/, `${tokenizer} data-value`);
          result[tokenizer] = Number(value);
        }
        for (const [tokenizer, count] of Object.entries(expected)) {
          assert.equal(result[tokenizer], count, `${tokenizer} count`);
        }
        return result;
      },
      { timeout, what: 'the token counts' },
    );
  }

  /** The `model-row` for `modelId` as { visible, dataset } (data-* without the prefix, camelCased), or null. */
  modelRow(modelId) {
    return this.session.execute(
      `const el = document.querySelector(arguments[0] + '[data-model="' + CSS.escape(arguments[1]) + '"]');
       if (!el) return null;
       const visible = el.checkVisibility ? el.checkVisibility() : el.offsetParent !== null;
       return { visible, dataset: { ...el.dataset } };`,
      byTestId('model-row'),
      modelId,
    );
  }

  /** Types the model's full id into the search box and waits for its row to show. */
  async searchModel(modelId) {
    await this.type('model-search', modelId);
    return eventually(
      async () => {
        const row = await this.modelRow(modelId);
        assert.ok(row, `no model-row for ${modelId}`);
        assert.ok(row.visible, `model-row for ${modelId} is hidden`);
        return row;
      },
      { what: `the ${modelId} row` },
    );
  }

  /** Waits until `modelId`'s row shows a cost per query that `check(dataset)` accepts. */
  waitForRow(modelId, check, what) {
    return eventually(
      async () => {
        const row = await this.modelRow(modelId);
        assert.ok(row, `no model-row for ${modelId}`);
        check(row.dataset);
        return row.dataset;
      },
      { what: what ?? `the ${modelId} row` },
    );
  }

  /** { visible, text } of the `app-error` element; not visible when it is absent. */
  appError() {
    return this.session.execute(
      `const el = document.querySelector(arguments[0]);
       if (!el) return { visible: false, text: '' };
       const visible = el.checkVisibility ? el.checkVisibility() : el.offsetParent !== null;
       return { visible, text: el.textContent.trim() };`,
      byTestId('app-error'),
    );
  }

  /** Turns the batch toggle on or off (by clicking it, as a person would). */
  async setBatch(on) {
    const toggle = await this.element('batch-toggle');
    if ((await toggle.property('checked')) !== on) await toggle.click();
    await eventually(async () => assert.equal(await toggle.property('checked'), on), {
      what: `batch-toggle to be ${on ? 'on' : 'off'}`,
    });
  }
}
