// Drives Debian's chromium (never a downloaded browser) through the gateway's dashboard:
// enter the key, submit a movie from the page, watch its bar reach 100 % and the video link appear,
// then survive a gateway restart. Run by DashboardInBrowserTest, which starts and restarts the gateway.
//
// Environment: GATEWAY_URL, GATEWAY_KEY, ARTIFACTS_DIR, CHROMIUM (default /usr/bin/chromium).
// Protocol on stdout/stdin: prints "READY_FOR_RESTART", waits for the line "RESTARTED"; prints "PASS" at the end.
import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const url = required('GATEWAY_URL');
const key = required('GATEWAY_KEY');
const artifacts = required('ARTIFACTS_DIR');
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const WAIT = { timeout: 20_000 };
const MOVIE = {
  comment: 'sandbox:render-time=3s',
  resolution: 'full-hd',
  scenes: [{ elements: [{ type: 'text', text: 'Hello from the browser test', duration: 5 }] }],
};

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`missing environment variable ${name}`);
    process.exit(2);
  }
  return value;
}

function step(text) {
  console.log(`STEP ${text}`);
}

const stdinLines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();

async function waitForLine(expected) {
  for (;;) {
    const { value, done } = await stdinLines.next();
    if (done) throw new Error(`stdin closed before "${expected}"`);
    if (value.trim() === expected) return;
  }
}

async function submitFromPage(page) {
  const message = page.locator('#message');
  const before = await message.textContent();
  await page.locator('#submit-render').click();
  await page.waitForFunction((previous) => {
    const text = document.querySelector('#message').textContent;
    return text !== previous && /Submitted r_/.test(text);
  }, before, WAIT);
  const id = (await message.textContent()).match(/(r_[A-Za-z0-9]+)/)[1];
  step(`submitted ${id} from the page`);
  return id;
}

async function expectDone(page, id) {
  const row = page.locator(`li.render[data-render-id="${id}"]`);
  await row.and(page.locator('[data-status="done"]')).waitFor(WAIT);
  const value = await row.locator('progress').evaluate((bar) => bar.value);
  if (value !== 100) throw new Error(`bar of ${id} at ${value}, not 100`);
  const link = row.locator('a.video-link');
  await link.waitFor({ state: 'visible', ...WAIT });
  const href = await link.getAttribute('href');
  if (!/^https?:\/\//.test(href)) throw new Error(`video link of ${id} is ${href}`);
  const seen = await page.evaluate((renderId) => window.__progressSeen[renderId] || [], id);
  step(`${id}: bar at 100 %, link ${href}; progress seen ${JSON.stringify(seen)}`);
  if (!seen.some((p) => p > 0 && p < 100)) throw new Error(`no intermediate progress of ${id}: ${seen}`);
}

// Records every progress value each bar shows, to prove the bar moved live rather than jumped to the end.
function recordProgress() {
  window.__progressSeen = {};
  window.__connectionStates = [];
  new MutationObserver(() => {
    document.querySelectorAll('li.render').forEach((row) => {
      const values = (window.__progressSeen[row.dataset.renderId] ||= []);
      const value = row.querySelector('progress').value;
      if (values[values.length - 1] !== value) values.push(value);
    });
    const state = document.querySelector('#connection').dataset.state;
    const states = window.__connectionStates;
    if (states[states.length - 1] !== state) states.push(state);
  }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
}

const userDataDir = mkdtempSync(path.join(tmpdir(), 'render-gateway-chromium-'));
mkdirSync(artifacts, { recursive: true });
rmSync(path.join(artifacts, 'dashboard-failure.png'), { force: true });
const errors = [];
let context;
let page;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    viewport: { width: 1000, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = context.pages()[0] || (await context.newPage());
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => console.log(`CONSOLE ${message.type()} ${message.text()}`));
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.evaluate(recordProgress);
  step(`opened ${url}: ${await page.title()}`);

  await page.locator('#api-key').fill(key);
  await page.getByRole('button', { name: 'Use key' }).click();
  await page.locator('#connection[data-state="live"]').waitFor(WAIT);
  step('connected: live');

  await page.locator('details summary').click();
  await page.locator('#movie').fill(JSON.stringify(MOVIE, null, 2));
  const first = await submitFromPage(page);
  await expectDone(page, first);
  await page.screenshot({ path: path.join(artifacts, 'dashboard.png'), fullPage: true });
  step(`screenshot ${path.join(artifacts, 'dashboard.png')}`);

  await page.evaluate(() => { window.__connectionStates = []; });
  console.log('READY_FOR_RESTART');
  await waitForLine('RESTARTED');
  await page.locator('#connection[data-state="live"]').waitFor(WAIT);
  const states = await page.evaluate(() => window.__connectionStates);
  step(`connection states ${JSON.stringify(states)}`);
  if (!states.includes('reconnecting') && !states.includes('connecting')) {
    throw new Error(`the page never noticed the restart: ${states}`);
  }
  const second = await submitFromPage(page);
  await expectDone(page, second);
  await page.screenshot({ path: path.join(artifacts, 'dashboard-after-restart.png'), fullPage: true });
  if (errors.length > 0) throw new Error(`errors on the page: ${errors.join('; ')}`);
  console.log('PASS');
} catch (error) {
  console.log(`FAIL ${error.stack || error}`);
  if (page) {
    await page.screenshot({ path: path.join(artifacts, 'dashboard-failure.png'), fullPage: true }).catch(() => {});
  }
  process.exitCode = 1;
} finally {
  if (context) await context.close().catch(() => {});
  rmSync(userDataDir, { recursive: true, force: true });
  process.exit(process.exitCode ?? 0);
}
