// One peer tokenizer in a module worker; ?peer=gpt-tokenizer|js-tiktoken&encoding=NAME.
// Timing is taken here, around encode(text).length only.

const params = new URL(self.location.href).searchParams;
const PEER = params.get('peer');
const ENCODING = params.get('encoding');
if (!/^\w+$/.test(ENCODING ?? '')) throw new Error(`bad encoding ${ENCODING}`);

/** Loads the peer; returns { encode, importMs, initMs }. Text is counted as ordinary text. */
async function load() {
  const started = performance.now();
  if (PEER === 'gpt-tokenizer') {
    const api = await import(`./modules/gpt-tokenizer/esm/encoding/${ENCODING}.js`);
    const ordinaryText = { disallowedSpecial: new Set() };
    return { encode: (text) => api.encode(text, ordinaryText), importMs: performance.now() - started, initMs: 0 };
  }
  if (PEER === 'js-tiktoken') {
    const [{ Tiktoken }, ranks] = await Promise.all([
      import('./modules/js-tiktoken/dist/lite.js'),
      import(`./modules/js-tiktoken/dist/ranks/${ENCODING}.js`),
    ]);
    const imported = performance.now();
    const tokenizer = new Tiktoken(ranks.default);
    const initMs = performance.now() - imported;
    // No allowed and no disallowed special tokens: `<|endoftext|>` is ordinary text.
    return { encode: (text) => tokenizer.encode(text, [], []), importMs: imported - started, initMs };
  }
  throw new Error(`unknown peer ${PEER}`);
}

let encode;

self.onmessage = async ({ data }) => {
  try {
    if (data.kind === 'load') {
      const loaded = await load();
      encode = loaded.encode;
      const started = performance.now();
      const count = encode(data.text).length;
      self.postMessage({ importMs: loaded.importMs, initMs: loaded.initMs, firstEncodeMs: performance.now() - started, count });
    } else if (data.kind === 'count') {
      const started = performance.now();
      const count = encode(data.text).length;
      self.postMessage({ count, ms: performance.now() - started });
    }
  } catch (err) {
    self.postMessage({ error: String(err?.stack ?? err) });
  }
};
