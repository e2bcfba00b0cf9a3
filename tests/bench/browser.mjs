// ChromeDriver and one headless Chromium, as the e2e tests start them, plus the two CDP
// channels the benchmark needs: ChromeDriver's (commands on the page, kept across
// navigations) and a direct one to the browser (events, workers).

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChromeDriver } from '../e2e/harness.mjs';
import { Session } from '../e2e/webdriver.mjs';
import { Cdp } from './cdp.mjs';

const CHROMIUM = '/usr/bin/chromium';
// The e2e tests' flags (tests/e2e/webdriver.mjs), so the page runs as it does there.
const CHROME_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
  '--window-size=1400,1000',
];

/**
 * Starts ChromeDriver and a browser with a fresh profile. Returns { session (WebDriver),
 * pageCdp(cmd, params) (ChromeDriver's CDP channel to the current tab), cdp (direct
 * browser connection), browserVersion, close() }.
 */
export async function openBrowser() {
  const driver = await startChromeDriver();
  try {
    const profileDir = mkdtempSync(join(tmpdir(), 'bench-chromium-'));
    const capabilities = {
      alwaysMatch: {
        browserName: 'chrome',
        'goog:chromeOptions': { binary: CHROMIUM, args: [...CHROME_ARGS, `--user-data-dir=${profileDir}`] },
      },
    };
    const created = await post(`${driver.url}/session`, { capabilities });
    const session = new Session(driver.url, created.sessionId, profileDir);
    const cdp = await Cdp.connect(created.capabilities['goog:chromeOptions'].debuggerAddress);
    const pageCdp = (cmd, params = {}) =>
      post(`${driver.url}/session/${created.sessionId}/goog/cdp/execute`, { cmd, params });
    return {
      session,
      pageCdp,
      cdp,
      browserVersion: created.capabilities.browserVersion,
      async close() {
        cdp.close();
        try {
          await session.quit();
        } finally {
          await driver.stop();
        }
      },
    };
  } catch (err) {
    await driver.stop();
    throw err;
  }
}

async function post(url, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const parsed = await response.json();
  if (!response.ok) throw new Error(`POST ${url}: ${JSON.stringify(parsed.value)}`);
  return parsed.value;
}
