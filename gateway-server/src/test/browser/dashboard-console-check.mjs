// Drives Debian's chromium (never a downloaded browser) through the dashboard as a console, against a real
// gateway on its embedded sandbox that lets a tenant have one render in flight (GATEWAY_TENANT_MAX_IN_FLIGHT=1),
// so that renders submitted behind a long one stay queued:
// - the sandbox notice, learnt from the gateway's Render-Gateway-Upstream header;
// - paging through GET /v1/renders (13 renders, 10 a page) and filtering by status;
// - created/updated times in local time with the ISO value as title;
// - cancelling a queued render, and the problem's detail when the gateway refuses (409: already submitted);
// - a done render's thumbnail (really loaded) and duration, an error's code and message;
// - a phone-sized viewport (375x667) without horizontal overflow.
// Run by DashboardConsoleInBrowserIT. Environment: GATEWAY_URL, GATEWAY_KEY, ARTIFACTS_DIR, CHROMIUM.
// Prints "PASS" at the end.
import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const url = required('GATEWAY_URL');
const key = required('GATEWAY_KEY');
const artifacts = required('ARTIFACTS_DIR');
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const WAIT = { timeout: 20_000 };

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

function check(condition, text) {
  if (!condition) throw new Error(text);
}

function movie(comment) {
  return { comment, scenes: [{ elements: [{ type: 'text', text: comment, duration: 4 }] }] };
}

async function api(method, pathAndQuery, body) {
  const answer = await fetch(new URL(pathAndQuery, url), {
    method,
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await answer.json();
  if (!answer.ok) throw new Error(`${method} ${pathAndQuery}: ${answer.status} ${JSON.stringify(json)}`);
  return json;
}

async function submit(comment) {
  return (await api('POST', '/v1/renders', { movie: movie(comment) })).id;
}

async function waitForStatus(id, accept, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const render = await api('GET', `/v1/renders/${id}`);
    if (accept(render.status)) return render;
    if (Date.now() > until) throw new Error(`${id} still ${render.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function openDashboard(page, { blockEvents = false } = {}) {
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => console.log(`CONSOLE ${message.type()} ${message.text()}`));
  if (blockEvents) {
    // A stale view: this page never hears of changes (as with a dropped connection), only what it lists.
    await page.route('**/v1/events**', (route) => route.abort());
  }
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.locator('#api-key').fill(key);
  await page.getByRole('button', { name: 'Use key' }).click();
  await page.locator('#page-number').waitFor(WAIT);
  await listed(page);
  return page;
}

/** Waits for the page's list to settle, and returns the ids it shows, in order. */
async function listed(page) {
  await page.waitForFunction(() => {
    const status = document.querySelector('#list-status').textContent;
    return !document.querySelector('#renders').hasAttribute('aria-busy')
      && (status.startsWith('Page') || status.startsWith('No'));
  }, null, WAIT);
  return page.locator('li.render').evaluateAll((items) => items.map((item) => item.dataset.renderId));
}

async function filter(page, status) {
  const before = await page.locator('#list-status').textContent();
  await page.getByLabel('Status').selectOption(status);
  await page.waitForFunction((previous) => document.querySelector('#list-status').textContent !== previous,
    before, WAIT);
  return listed(page);
}

async function visibleBox(locator, what) {
  await locator.waitFor({ state: 'visible', ...WAIT });
  const box = await locator.boundingBox();
  check(box && box.width > 0 && box.height > 0, `${what} has no area: ${JSON.stringify(box)}`);
  return box;
}

const userDataDir = mkdtempSync(path.join(tmpdir(), 'render-gateway-chromium-'));
mkdirSync(artifacts, { recursive: true });
rmSync(path.join(artifacts, 'dashboard-console-failure.png'), { force: true });
const errors = [];
const requestsWithKey = [];
let context;
let page;
try {
  // The renders: one done, one failed, one long one in flight, and ten queued behind it.
  const done = await submit('sandbox:render-time=1s');
  await waitForStatus(done, (status) => status === 'done');
  const failed = await submit('sandbox:error sandbox:render-time=1s');
  await waitForStatus(failed, (status) => status === 'error');
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    viewport: { width: 1000, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context.on('request', (request) => {
    if (request.url().includes(key)) requestsWithKey.push(request.url());
  });

  // A refused cancel: a page whose view went stale shows the first queued render with its Cancel button
  // while the gateway submits it once the render in flight ends; the gateway answers 409 and the row says why.
  const stale = await openDashboard(context.pages()[0] || (await context.newPage()), { blockEvents: true });
  await filter(stale, 'queued');
  // Then one long render in flight, and ten queued behind it; the stale page only learns of them by listing.
  const blocker = await submit('sandbox:render-time=10s');
  const queued = [];
  for (let i = 0; i < 10; i += 1) queued.push(await submit('sandbox:render-time=60s'));
  const all = [done, failed, blocker, ...queued];
  step(`renders: done ${done}, error ${failed}, in flight ${blocker}, queued ${queued.join(' ')}`);

  const refreshed = await listed(stale);
  await stale.getByRole('button', { name: 'Refresh' }).click();
  await stale.waitForFunction((id) => document.querySelector(`li.render[data-render-id="${id}"]`), queued[0], WAIT);
  check((await api('GET', `/v1/renders/${queued[0]}`)).status === 'queued',
    `${queued[0]} left the queue before the page showed it (the render in flight ended too soon)`);
  step(`stale page: ${refreshed.length} queued before, now lists ${queued[0]} queued`);
  const staleRow = stale.locator(`li.render[data-render-id="${queued[0]}"]`);
  await staleRow.getByRole('button', { name: `Cancel render ${queued[0]}` }).waitFor(WAIT);
  const submitted = await waitForStatus(queued[0], (status) => status !== 'queued');
  step(`${queued[0]} is now ${submitted.status} at the gateway; the stale page still offers Cancel`);
  await staleRow.getByRole('button', { name: `Cancel render ${queued[0]}` }).click();
  const refusal = staleRow.locator('.row-message.refused');
  await refusal.waitFor({ state: 'visible', ...WAIT });
  const refusalText = await refusal.textContent();
  step(`refused: ${refusalText}`);
  check(/409/.test(refusalText) && /only a queued render can be cancelled/.test(refusalText),
    `the refusal does not show the problem's detail: ${refusalText}`);
  check((await staleRow.locator('.row-message').getAttribute('role')) === 'status', 'the row message is no status');
  page = await openDashboard(await context.newPage());
  await stale.close();
  await visibleBox(page.locator('#sandbox-notice'), 'the sandbox notice');
  step(`notice: ${(await page.locator('#sandbox-notice').textContent()).replace(/\s+/g, ' ').trim()}`);

  // Paging: 13 renders, 10 a page, newest first.
  const first = await listed(page);
  const newestFirst = [...all].reverse();
  check(JSON.stringify(first) === JSON.stringify(newestFirst.slice(0, 10)),
    `page 1 is ${first}, not ${newestFirst.slice(0, 10)}`);
  check(await page.locator('#newer-page').isDisabled(), 'Newer is enabled on page 1');
  await page.getByRole('button', { name: 'Older →' }).click();
  await page.locator('#page-number', { hasText: 'Page 2' }).waitFor(WAIT);
  const second = await listed(page);
  check(JSON.stringify(second) === JSON.stringify(newestFirst.slice(10)), `page 2 is ${second}`);
  check(await page.locator('#older-page').isDisabled(), 'Older is enabled on the last page');
  await page.getByRole('button', { name: '← Newer' }).click();
  await page.locator('#page-number', { hasText: 'Page 1' }).waitFor(WAIT);
  check(JSON.stringify(await listed(page)) === JSON.stringify(first), 'Newer did not lead back to page 1');
  step(`paging: page 1 ${first.length} renders, page 2 ${second.length}, and back`);

  // The listed rows stay live: the render now running moves on its own (SSE), without a reload.
  const runningBar = page.locator(`li.render[data-render-id="${queued[0]}"] progress`);
  const startValue = await runningBar.evaluate((bar) => bar.value);
  await page.waitForFunction(([id, value]) => {
    const bar = document.querySelector(`li.render[data-render-id="${id}"] progress`);
    return bar && bar.value > value;
  }, [queued[0], startValue], WAIT);
  step(`live: ${queued[0]} moved from ${startValue} % to ${await runningBar.evaluate((bar) => bar.value)} %`);

  // Times: local and readable, the ISO value in the title.
  const apiRender = await api('GET', `/v1/renders/${done}`);
  await page.getByRole('button', { name: 'Older →' }).click();
  await page.locator('#page-number', { hasText: 'Page 2' }).waitFor(WAIT);
  const created = page.locator(`li.render[data-render-id="${done}"] time.created`);
  const updated = page.locator(`li.render[data-render-id="${done}"] time.updated`);
  check((await created.getAttribute('title')) === apiRender.createdAt, 'created time title is not the ISO value');
  check((await created.getAttribute('datetime')) === apiRender.createdAt, 'created time datetime is not the ISO value');
  check((await updated.getAttribute('title')) === apiRender.updatedAt, 'updated time title is not the ISO value');
  const shown = await created.textContent();
  check(shown !== apiRender.createdAt && /\d/.test(shown), `created time is not readable: ${shown}`);
  step(`times: created "${shown}" (title ${apiRender.createdAt}), updated "${await updated.textContent()}"`);

  // Filter by status, and cancel a queued render.
  const queuedNow = await filter(page, 'queued');
  check(queuedNow.length === 9 && !queuedNow.includes(queued[0]), `queued filter shows ${queuedNow}`);
  check((await page.locator('li.render').evaluateAll((items) => items.every((item) => item.dataset.status === 'queued'))),
    'a non-queued render under the queued filter');
  check(await page.locator('#page-number').textContent() === 'Page 1', 'a new filter does not start at page 1');
  const victim = queued[9];
  const victimRow = page.locator(`li.render[data-render-id="${victim}"]`);
  await victimRow.getByRole('button', { name: `Cancel render ${victim}` }).click();
  await victimRow.locator('.row-message', { hasText: `Cancelled ${victim}.` }).waitFor(WAIT);
  await victimRow.and(page.locator('[data-status="cancelled"]')).waitFor(WAIT);
  check(await victimRow.locator('button.cancel').count() === 0, 'a cancelled render still offers Cancel');
  check((await api('GET', `/v1/renders/${victim}`)).status === 'cancelled', 'the gateway did not cancel');
  const cancelledNow = await filter(page, 'cancelled');
  check(JSON.stringify(cancelledNow) === JSON.stringify([victim]), `cancelled filter shows ${cancelledNow}`);
  step(`cancelled ${victim} from the page; filter cancelled shows ${cancelledNow}`);

  const errorsNow = await filter(page, 'error');
  check(JSON.stringify(errorsNow) === JSON.stringify([failed]), `error filter shows ${errorsNow}`);
  const errorRow = page.locator(`li.render[data-render-id="${failed}"]`);
  const code = await errorRow.locator('.error-code').textContent();
  const message = await errorRow.locator('.error-message').textContent();
  check(code === 'render_failed' && message.length > 0, `error shown as ${code}: ${message}`);
  await visibleBox(errorRow.locator('.outcome'), 'the error');
  step(`error: ${code}: ${message}`);

  // The done render: its thumbnail really loaded from the sandbox, its duration, the notice on screen.
  const doneNow = await filter(page, 'done');
  // The render that was in flight may be done by now too.
  check(doneNow.includes(done) && doneNow.every((id) => id === done || id === blocker), `done filter shows ${doneNow}`);
  check(await page.locator('li.render').evaluateAll((items) => items.every((item) => item.dataset.status === 'done')),
    'a render that is not done under the done filter');
  const doneRow = page.locator(`li.render[data-render-id="${done}"]`);
  const thumbnail = doneRow.locator('img.thumbnail');
  await page.waitForFunction((id) => {
    const image = document.querySelector(`li.render[data-render-id="${id}"] img.thumbnail`);
    return image && image.complete;
  }, done, WAIT);
  const natural = await thumbnail.evaluate((image) => ({ width: image.naturalWidth, height: image.naturalHeight,
    src: image.currentSrc, alt: image.alt }));
  check(natural.width > 0 && natural.height > 0, `the thumbnail did not load: ${JSON.stringify(natural)}`);
  const thumbBox = await visibleBox(thumbnail, 'the thumbnail');
  const duration = await doneRow.locator('.duration').textContent();
  check(/Duration 4\.0 s/.test(duration), `duration shown as ${duration}`);
  const noticeBox = await visibleBox(page.locator('#sandbox-notice'), 'the sandbox notice');
  await page.screenshot({ path: path.join(artifacts, 'dashboard-console.png'), fullPage: true });
  step(`thumbnail ${natural.src} ${natural.width}x${natural.height} at ${JSON.stringify(thumbBox)}; ${duration}; `
    + `notice at ${JSON.stringify(noticeBox)}; screenshot ${path.join(artifacts, 'dashboard-console.png')}`);

  // A phone: 375x667, no horizontal overflow, with every render listed and with the thumbnail.
  await page.setViewportSize({ width: 375, height: 667 });
  for (const status of ['', 'done']) {
    const ids = await filter(page, status);
    const overflow = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      bodyScrollWidth: document.body.scrollWidth,
      innerWidth: window.innerWidth,
      widest: Math.max(...[...document.querySelectorAll('body *')].map((element) => element.getBoundingClientRect().right)),
    }));
    step(`phone, filter "${status || 'all'}" (${ids.length} renders): ${JSON.stringify(overflow)}`);
    check(overflow.scrollWidth <= overflow.innerWidth && overflow.bodyScrollWidth <= overflow.innerWidth
      && overflow.widest <= overflow.innerWidth + 0.5, `horizontal overflow on a phone: ${JSON.stringify(overflow)}`);
    await page.screenshot({ path: path.join(artifacts, `dashboard-phone${status ? `-${status}` : ''}.png`), fullPage: true });
  }
  await visibleBox(page.locator('#sandbox-notice'), 'the sandbox notice on a phone');
  await visibleBox(thumbnail, 'the thumbnail on a phone');

  // The key never went into a URL: every request the pages made (the event stream takes a token).
  check(!requestsWithKey.length, `the key appeared in URLs: ${requestsWithKey.join(', ')}`);
  if (errors.length > 0) throw new Error(`errors on the page: ${errors.join('; ')}`);
  console.log('PASS');
} catch (error) {
  console.log(`FAIL ${error.stack || error}`);
  if (page) {
    await page.screenshot({ path: path.join(artifacts, 'dashboard-console-failure.png'), fullPage: true })
      .catch(() => {});
  }
  process.exitCode = 1;
} finally {
  if (context) await context.close().catch(() => {});
  rmSync(userDataDir, { recursive: true, force: true });
  process.exit(process.exitCode ?? 0);
}
