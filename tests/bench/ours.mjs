// Our tokenizers, measured as a person meets them: through the page's stable hooks
// (shared/TESTING_HOOKS.md). Paste a text into `prompt-input`, then time until each
// `token-count` hook is `ready` again, separately per tokenizer.

import { measureHeaps } from './memory.mjs';
import { median, medianByKey } from './stats.mjs';

// Runs in the app's tab before its own scripts, on every load: records when the prompt
// box appears and when each token-count hook first shows a final count (the page counts
// its built-in sample prompt on load). Times are ms since navigation start.
const STARTUP_WATCHER = `
if (location.pathname.startsWith('/llm-cost-planner/')) {
  const startup = (window.__benchStartup = { mountMs: null, ready: {} });
  const check = () => {
    const now = performance.now();
    if (startup.mountMs === null && document.querySelector('[data-testid="prompt-input"]')) startup.mountMs = now;
    for (const el of document.querySelectorAll('[data-testid="token-count"]')) {
      const name = el.dataset.tokenizer;
      if (!startup.ready[name] && el.dataset.state === 'ready' && /^\\d+$/.test(el.dataset.value ?? '')) {
        startup.ready[name] = { ms: now, count: Number(el.dataset.value) };
      }
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
}`;

const WAIT_FOR_STARTUP = `
const [timeoutMs, done] = arguments;
const started = Date.now();
const poll = () => {
  const startup = window.__benchStartup;
  const hooks = document.querySelectorAll('[data-testid="token-count"]').length;
  if (startup && hooks > 0 && Object.keys(startup.ready).length === hooks) {
    return done({ ...startup, prompt: document.querySelector('[data-testid="prompt-input"]').value });
  }
  if (Date.now() - started > timeoutMs) return done({ ...startup, timeout: true });
  setTimeout(poll, 20);
};
poll();`;

// Pastes a text fetched beforehand (so only the page's own work is timed) and resolves
// with each tokenizer's time from the paste to its hook going busy and then ready again.
const PASTE_AND_TIME = `
const [url, timeoutMs, inlineText, done] = arguments;
(async () => {
  const text = url ? await (await fetch(url, { cache: 'no-store' })).text() : inlineText;
  const hooks = () => [...document.querySelectorAll('[data-testid="token-count"]')];
  const allReady = () => hooks().every((el) => el.dataset.state === 'ready');
  for (let waited = 0; !allReady(); waited += 20) {
    if (waited > timeoutMs) throw new Error('the page was still counting an earlier text');
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 200)); // let the last re-render settle
  const input = document.querySelector('[data-testid="prompt-input"]');
  const names = hooks().map((el) => el.dataset.tokenizer);
  const busy = {};
  const results = {};
  let started = 0;
  let pasteMs = 0;
  let timer;
  const observer = new MutationObserver(() => check());
  const finish = () => {
    observer.disconnect();
    clearTimeout(timer);
    done({ pasteMs, results, names });
  };
  const check = () => {
    const now = performance.now();
    for (const el of hooks()) {
      const name = el.dataset.tokenizer;
      if (results[name]) continue;
      if (el.dataset.state !== 'ready') busy[name] = true;
      else if (busy[name] && /^\\d+$/.test(el.dataset.value ?? '')) {
        results[name] = { ms: now - started, count: Number(el.dataset.value) };
      }
    }
    if (names.every((name) => results[name])) {
      // The worker's own time for each encoding (data-count-ms), set with the final counts.
      for (const el of hooks()) results[el.dataset.tokenizer].workerMs = Number(el.dataset.countMs);
      finish();
    }
  };
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state', 'data-value'] });
  started = performance.now();
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  pasteMs = performance.now() - started;
  check();
  timer = setTimeout(finish, timeoutMs);
})().catch((err) => done({ error: String(err) }));`;

/** The app in one tab: load it, paste into it, time it. */
export class OurPage {
  #session;
  #pageCdp;
  #appUrl;

  constructor({ session, pageCdp }, appUrl) {
    this.#session = session;
    this.#pageCdp = pageCdp;
    this.#appUrl = appUrl;
  }

  /** Installs the start-up watcher for every later load of the tab. */
  async prepare() {
    await this.#pageCdp('Page.addScriptToEvaluateOnNewDocument', { source: STARTUP_WATCHER });
  }

  /**
   * Loads the app and waits until every hook shows its first final count. Returns
   * { mountMs, ready: { tokenizer: { ms, count } }, prompt }, ms since navigation start;
   * `prompt` is the text the page counted on load.
   */
  async load(timeoutMs) {
    await this.#session.navigate(this.#appUrl);
    const startup = await this.#session.executeAsync(WAIT_FOR_STARTUP, timeoutMs);
    if (startup?.timeout) throw new Error(`the app showed no counts within ${timeoutMs / 1000} s: ${JSON.stringify(startup)}`);
    return startup;
  }

  /**
   * Pastes the text at `textUrl` (or `text` itself) and times every hook. Returns
   * { pasteMs, results: { tokenizer: { ms, count } }, names }; a tokenizer missing from
   * `results` was not ready within `timeoutMs`.
   */
  async paste({ textUrl = null, text = '' }, timeoutMs) {
    const outcome = await this.#session.executeAsync(PASTE_AND_TIME, textUrl, timeoutMs, text);
    if (outcome.error) throw new Error(outcome.error);
    return outcome;
  }
}

/**
 * Measures the app: start-up (`startupRuns` loads), its fixed overhead per paste (the
 * input debounce, timed on tiny texts), then every corpus case `runs` times. A case that
 * times out is not run again, and the page is reloaded to stop its worker.
 */
export async function measureOurs(browser, server, corpus, options) {
  const { timeoutMs, log } = options;
  const page = new OurPage(browser, server.appUrl);
  await page.prepare();
  const loads = [];
  for (let run = 0; run < options.startupRuns; run++) {
    log(`ours: start-up, load ${run + 1} of ${options.startupRuns}`);
    loads.push(await page.load(timeoutMs));
  }
  const memory = {};
  if (options.memory) memory.afterLoad = await measureHeaps(browser.cdp, server.appUrl);

  log('ours: warm-up and paste overhead');
  await page.paste({ textUrl: server.corpusUrl('warmup') }, timeoutMs);
  const probes = [];
  for (let probe = 0; probe < options.probes; probe++) {
    probes.push(await page.paste({ text: `Probe ${probe}: how many tokens is this?` }, timeoutMs));
  }
  const overheadMs = medianByKey(probes, (probe) => mapValues(probe.results, (r) => r.ms));

  const cases = {};
  const timedOut = new Set();
  let previous = null;
  for (let run = 0; run < options.runs; run++) {
    for (const { name } of corpus) {
      if (timedOut.has(name)) continue;
      log(`ours: ${name}, run ${run + 1} of ${options.runs}`);
      // Never paste the same text twice in a row: the page need not recount it.
      if (name === previous) await page.paste({ text: 'A different text.' }, timeoutMs);
      previous = name;
      const outcome = await page.paste({ textUrl: server.corpusUrl(name) }, timeoutMs);
      for (const tokenizer of outcome.names) {
        const entry = ((cases[name] ??= {})[tokenizer] ??= { runsMs: [], workerMs: [], pasteMs: [], counts: [], timeout: false });
        const result = outcome.results[tokenizer];
        entry.pasteMs.push(outcome.pasteMs);
        if (result) {
          entry.runsMs.push(result.ms);
          if (Number.isFinite(result.workerMs)) entry.workerMs.push(result.workerMs);
          entry.counts.push(result.count);
        } else {
          entry.timeout = true;
        }
      }
      if (outcome.names.some((tokenizer) => !outcome.results[tokenizer])) {
        log(`ours: ${name} timed out; reloading the page`);
        timedOut.add(name);
        await page.load(timeoutMs);
      }
    }
  }
  if (options.memory) memory.afterCases = await measureHeaps(browser.cdp, server.appUrl);

  return {
    startup: {
      loads,
      mountMs: median(loads.map((load) => load.mountMs)),
      readyMs: medianByKey(loads, (load) => mapValues(load.ready, (r) => r.ms)),
      counts: loads[0]?.ready && mapValues(loads[0].ready, (r) => r.count),
      prompt: loads[0]?.prompt,
    },
    overheadMs,
    cases: mapValues(cases, (byTokenizer) =>
      mapValues(byTokenizer, (entry, tokenizer) => summariseCase(entry, overheadMs, tokenizer)),
    ),
    memory,
  };
}

/**
 * { status: ok | timeout, ms (median, paste to ready), netMs (less the overhead), workerMs
 * (the worker's own time for this encoding, from data-count-ms), pasteMs, count, runsMs }.
 */
function summariseCase(entry, overheadMs, tokenizer) {
  const ms = entry.timeout ? null : median(entry.runsMs);
  return {
    status: entry.timeout ? 'timeout' : 'ok',
    ms,
    netMs: ms === null ? null : ms - (overheadMs[tokenizer] ?? 0),
    workerMs: entry.timeout || entry.workerMs.length === 0 ? null : median(entry.workerMs),
    pasteMs: median(entry.pasteMs),
    count: entry.counts[0] ?? null,
    countsVary: new Set(entry.counts).size > 1,
    runsMs: entry.runsMs,
  };
}

function mapValues(object, f) {
  return Object.fromEntries(Object.entries(object ?? {}).map(([key, value]) => [key, f(value, key)]));
}
