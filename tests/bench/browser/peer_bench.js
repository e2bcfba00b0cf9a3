// The peers' side of the benchmark, on the bench page's main thread: one module worker per
// (peer, encoding), texts passed by postMessage, as the app passes them to its worker.
// tokenizers.mjs calls window.peerBench through WebDriver.

const workers = new Map(); // "peer encoding" -> { worker, sample }
const texts = new Map(); // case name -> text

function workerKey(peer, encoding) {
  return `${peer} ${encoding}`;
}

/** Posts `message` to `worker` and resolves with its reply; rejects on a worker error. */
function ask(worker, message) {
  return new Promise((resolve, reject) => {
    worker.onmessage = ({ data }) => (data.error ? reject(new Error(data.error)) : resolve(data));
    worker.onerror = (event) => reject(new Error(event.message || 'worker error'));
    worker.postMessage(message);
  });
}

/**
 * Starts the worker for `peer` and `encoding` (ending any earlier one) and counts `sample` in it. Returns
 * { startupMs (new Worker to first count, as seen here), importMs, initMs, firstEncodeMs, count }.
 */
async function start(peer, encoding, sample) {
  workers.get(workerKey(peer, encoding))?.worker.terminate();
  workers.delete(workerKey(peer, encoding));
  const started = performance.now();
  const url = `./peer_worker.js?peer=${encodeURIComponent(peer)}&encoding=${encodeURIComponent(encoding)}`;
  const worker = new Worker(url, { type: 'module', name: workerKey(peer, encoding) });
  const reply = await ask(worker, { kind: 'load', text: sample });
  workers.set(workerKey(peer, encoding), { worker, sample });
  return { startupMs: performance.now() - started, ...reply };
}

async function text(caseName) {
  if (!texts.has(caseName)) {
    const response = await fetch(`./corpus/${encodeURIComponent(caseName)}.txt`, { cache: 'no-store' });
    if (!response.ok) throw new Error(`corpus ${caseName}: HTTP ${response.status}`);
    texts.set(caseName, await response.text());
  }
  return texts.get(caseName);
}

/**
 * Counts case `caseName` with a started worker. Returns { count, insideMs (around
 * encode(text).length in the worker), endToEndMs (postMessage to reply) }, or
 * { timeout: true } after `timeoutMs`, when the worker is ended and started afresh.
 */
async function count(peer, encoding, caseName, timeoutMs) {
  const key = workerKey(peer, encoding);
  const body = await text(caseName);
  const { worker, sample } = workers.get(key);
  let timer;
  const timedOut = new Promise((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)));
  const started = performance.now();
  const reply = await Promise.race([ask(worker, { kind: 'count', text: body }), timedOut]);
  const endToEndMs = performance.now() - started;
  clearTimeout(timer);
  if (reply) return { count: reply.count, insideMs: reply.ms, endToEndMs };
  worker.terminate();
  workers.delete(key);
  await start(peer, encoding, sample);
  return { timeout: true };
}

/** Drops cached texts, so only the workers' own memory remains to be measured. */
function forgetTexts() {
  texts.clear();
}

window.peerBench = { start, count, forgetTexts };
