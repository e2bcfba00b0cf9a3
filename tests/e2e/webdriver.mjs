// A minimal W3C WebDriver client for ChromeDriver over Node's global fetch: just the
// commands these tests use, so the tests need no npm WebDriver library.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// The W3C spec's key for element references in JSON.
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

const CHROMIUM = '/usr/bin/chromium';
const CHROME_ARGS = [
  '--headless=new',
  '--no-sandbox', // we run as root in a container
  '--disable-gpu',
  // Keep the browser from talking to anything but the page, so the privacy test only
  // sees what the page itself asks for.
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
  '--window-size=1400,1000',
];

/** WebDriver's code points for the special keys `Session.keys` presses. */
export const KEYS = {
  TAB: '\uE004',
  ENTER: '\uE007',
  SHIFT: '\uE008',
  CONTROL: '\uE009',
  SPACE: '\uE00D',
  END: '\uE010',
  HOME: '\uE011',
  LEFT: '\uE012',
  UP: '\uE013',
  RIGHT: '\uE014',
  DOWN: '\uE015',
};

export class WebDriverError extends Error {
  constructor(command, status, value) {
    super(`${command} failed (HTTP ${status}): ${value?.error ?? ''} ${value?.message ?? JSON.stringify(value)}`);
  }
}

/** One browser session. Create with `Session.start(driverUrl)`, end with `quit()`. */
export class Session {
  #base;
  #profileDir;

  constructor(driverUrl, sessionId, profileDir) {
    this.#base = `${driverUrl}/session/${sessionId}`;
    this.#profileDir = profileDir;
  }

  /** `args`: more Chromium switches, for a test that needs them. */
  static async start(driverUrl, { args = [] } = {}) {
    // A fresh profile per session: no cookies, cache or service workers carried over.
    const profileDir = mkdtempSync(join(tmpdir(), 'e2e-chromium-'));
    const capabilities = {
      alwaysMatch: {
        browserName: 'chrome',
        'goog:chromeOptions': { binary: CHROMIUM, args: [...CHROME_ARGS, ...args, `--user-data-dir=${profileDir}`] },
        'goog:loggingPrefs': { performance: 'ALL', browser: 'ALL' },
      },
    };
    const value = await command(driverUrl, 'POST', '/session', { capabilities });
    return new Session(driverUrl, value.sessionId, profileDir);
  }

  #send(method, path, body) {
    return command(this.#base, method, path, body);
  }

  navigate(url) {
    return this.#send('POST', '/url', { url });
  }

  /** The first element matching `css`, or null. */
  async find(css) {
    const found = await this.#send('POST', '/elements', { using: 'css selector', value: css });
    return found.length ? this.#element(found[0]) : null;
  }

  #element(ref) {
    const id = ref[ELEMENT];
    return new Element((method, path, body) => this.#send(method, `/element/${id}${path}`, body));
  }

  /** Runs `script` (a function body; arguments in `arguments`) in the page and returns its result. */
  execute(script, ...args) {
    return this.#send('POST', '/execute/sync', { script, args });
  }

  /** Runs `script` asynchronously: it calls its last argument with the result. */
  executeAsync(script, ...args) {
    return this.#send('POST', '/execute/async', { script, args });
  }

  /**
   * Presses keys on whatever has focus, as a keyboard would (WebDriver actions: no element
   * is targeted or focused for it). Each item is a key (a character or one of `KEYS`),
   * pressed and released, or an array of keys held together, e.g. `[KEYS.CONTROL, 'a']`.
   */
  async keys(...presses) {
    const actions = [];
    for (const press of presses) {
      const chord = Array.isArray(press) ? press : [...press];
      for (const value of chord) actions.push({ type: 'keyDown', value });
      for (const value of [...chord].reverse()) actions.push({ type: 'keyUp', value });
    }
    await this.#send('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
  }

  /** Runs a Chrome DevTools Protocol command through ChromeDriver. */
  cdp(cmd, params = {}) {
    return this.#send('POST', '/goog/cdp/execute', { cmd, params });
  }

  /** Sets limits in ms: `script` for `execute`, `pageLoad` for `navigate`. */
  setTimeouts(timeouts) {
    return this.#send('POST', '/timeouts', timeouts);
  }

  /** Saves a PNG of the viewport to `path` (folders created as needed). */
  async screenshot(path) {
    savePng(path, await this.#send('GET', '/screenshot'));
  }

  /**
   * Entries logged since the last call for `type` (`performance` or `browser`); reading
   * empties ChromeDriver's buffer. Uses ChromeDriver's legacy log endpoint, which W3C lacks.
   */
  log(type) {
    return this.#send('POST', '/se/log', { type });
  }

  async quit() {
    try {
      await this.#send('DELETE', '');
    } finally {
      rmSync(this.#profileDir, { recursive: true, force: true });
    }
  }
}

export class Element {
  #send;

  /** `send(method, path, body)` issues a command under this element's URL. */
  constructor(send) {
    this.#send = send;
  }

  /** Types `text` with real key events, as a person would (after any text already there). */
  sendKeys(text) {
    return this.#send('POST', '/value', { text });
  }

  click() {
    return this.#send('POST', '/click', {});
  }

  property(name) {
    return this.#send('GET', `/property/${encodeURIComponent(name)}`);
  }
}

function savePng(path, base64) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, Buffer.from(base64, 'base64'));
}

async function command(base, method, path, body) {
  const response = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new WebDriverError(`${method} ${path}`, response.status, { message: text });
  }
  if (!response.ok) throw new WebDriverError(`${method} ${path}`, response.status, parsed.value);
  return parsed.value;
}
