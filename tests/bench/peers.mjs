// The JavaScript peers, measured in the same browser through the bench page
// (browser/peers.html): one module worker per peer and encoding, off the main thread like
// ours, each text passed by postMessage.

import { measureHeaps } from './memory.mjs';
import { median } from './stats.mjs';

export const PEERS = ['gpt-tokenizer', 'js-tiktoken'];

/**
 * The app's built-in sample prompt (SAMPLE_PROMPT in src/ui/state.rs), counted at start-up
 * when the app's own was not read (--skip-ours).
 */
export const STARTUP_PROMPT =
  "You are a friendly support assistant for Acme Cloud. Answer the customer's " +
  'question in three short paragraphs, cite the relevant help-centre article, and never promise refunds.\n\n' +
  'Customer: My deployment has been stuck on "pending" for twenty minutes. What should I check first?';

const WAIT_FOR_BENCH = `
const done = arguments[arguments.length - 1];
const poll = () => (window.peerBench ? done(true) : setTimeout(poll, 20));
poll();`;

const CALL = `
const [method, args, done] = arguments;
window.peerBench[method](...args).then(done, (err) => done({ error: String(err && err.stack || err) }));`;

/** The bench page in one tab. */
export class PeerPage {
  #session;
  #url;

  constructor({ session }, url) {
    this.#session = session;
    this.#url = url;
  }

  async load() {
    await this.#session.navigate(this.#url);
    await this.#session.executeAsync(WAIT_FOR_BENCH);
  }

  /**
   * (Re)starts the worker of `peer` for `encoding` and counts `sample` there. Returns
   * { startupMs, importMs, initMs, firstEncodeMs, count }.
   */
  start(peer, encoding, sample) {
    return this.#call('start', [peer, encoding, sample]);
  }

  /**
   * Counts the corpus text `caseName`. Returns { count, insideMs, endToEndMs }, or
   * { timeout: true } when it took over `timeoutMs` (the worker is then restarted).
   */
  count(peer, encoding, caseName, timeoutMs) {
    return this.#call('count', [peer, encoding, caseName, timeoutMs]);
  }

  forgetTexts() {
    return this.#session.execute('window.peerBench.forgetTexts(); return true;');
  }

  async #call(method, args) {
    const result = await this.#session.executeAsync(CALL, method, args);
    if (result?.error) throw new Error(`peerBench.${method}(${JSON.stringify(args).slice(0, 200)}): ${result.error}`);
    return result;
  }
}

/**
 * Measures each peer and encoding: start-up (`startupRuns` fresh workers counting
 * `startupPrompt`), then every
 * corpus case `runs` times after a warm-up. A (peer, encoding, case) that times out is
 * not run again.
 */
export async function measurePeers(browser, server, corpus, options) {
  const { timeoutMs, log, peers, encodings } = options;
  const page = new PeerPage(browser, server.peersUrl);
  await page.load();
  const each = peers.flatMap((peer) => encodings.map((encoding) => ({ peer, encoding })));

  const startup = {};
  for (const { peer, encoding } of each) {
    log(`${peer} ${encoding}: start-up`);
    const loads = [];
    for (let run = 0; run < options.startupRuns; run++) loads.push(await page.start(peer, encoding, options.startupPrompt));
    (startup[peer] ??= {})[encoding] = {
      startupMs: median(loads.map((l) => l.startupMs)),
      importMs: median(loads.map((l) => l.importMs)),
      initMs: median(loads.map((l) => l.initMs)),
      firstEncodeMs: median(loads.map((l) => l.firstEncodeMs)),
      count: loads[0].count,
      loads,
    };
  }
  const memory = {};
  if (options.memory) memory.afterLoad = await measureHeaps(browser.cdp, server.peersUrl);

  for (const { peer, encoding } of each) {
    log(`${peer} ${encoding}: warm-up`);
    await page.count(peer, encoding, 'warmup', timeoutMs);
  }
  const runs = {};
  for (let run = 0; run < options.runs; run++) {
    for (const { name } of corpus) {
      for (const { peer, encoding } of each) {
        const entry = (((runs[name] ??= {})[encoding] ??= {})[peer] ??= { inside: [], endToEnd: [], counts: [], timeout: false });
        if (entry.timeout) continue;
        log(`${peer} ${encoding}: ${name}, run ${run + 1} of ${options.runs}`);
        const result = await page.count(peer, encoding, name, timeoutMs);
        if (result.timeout) {
          entry.timeout = true;
          continue;
        }
        entry.inside.push(result.insideMs);
        entry.endToEnd.push(result.endToEndMs);
        entry.counts.push(result.count);
      }
    }
  }
  await page.forgetTexts();
  if (options.memory) memory.afterCases = await measureHeaps(browser.cdp, server.peersUrl);

  const cases = {};
  for (const [name, byEncoding] of Object.entries(runs)) {
    for (const [encoding, byPeer] of Object.entries(byEncoding)) {
      for (const [peer, entry] of Object.entries(byPeer)) {
        ((cases[name] ??= {})[encoding] ??= {})[peer] = {
          status: entry.timeout ? 'timeout' : 'ok',
          insideMs: entry.timeout ? null : median(entry.inside),
          endToEndMs: entry.timeout ? null : median(entry.endToEnd),
          count: entry.counts[0] ?? null,
          countsVary: new Set(entry.counts).size > 1,
          insideRunsMs: entry.inside,
        };
      }
    }
  }
  return { startup, cases, memory };
}
