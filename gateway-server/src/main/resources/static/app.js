// The dashboard: a key, a sample movie, and a console of the tenant's renders: filtered by status, paged
// through GET /v1/renders, each with its times, a live progress bar (SSE), its outcome, and a cancel button
// while it is queued. The key only ever travels in the Authorization header; the event stream gets a
// short-lived read-only token (see render-progress.js).
import { followRenders } from './render-progress.js';

const KEY_NAME = 'render-gateway.key';
const UPSTREAM_HEADER = 'Render-Gateway-Upstream';
const SAMPLE_MOVIE = {
  resolution: 'full-hd',
  scenes: [{ elements: [{ type: 'text', text: 'Hello from render-gateway', duration: 5 }] }],
};
const STATUS_TEXT = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  unauthorized: 'The key was refused: enter a valid key',
  idle: 'Not connected',
};
const TERMINAL = new Set(['done', 'error', 'timeout', 'cancelled']);
const TIME_FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

const $ = (selector) => document.querySelector(selector);
const rows = new Map();
/** The newest state seen of each render, by id: the list and the stream may arrive in either order. */
const latest = new Map();
/** The current page: its filter, size, the cursors of the pages before it, its own and the next one's. */
const view = { status: '', limit: 10, cursors: [], cursor: null, next: null, ticket: 0 };
let follower = null;

function storedKey() {
  return sessionStorage.getItem(KEY_NAME) || localStorage.getItem(KEY_NAME);
}

function storeKey(key, remember) {
  sessionStorage.setItem(KEY_NAME, key);
  if (remember) {
    localStorage.setItem(KEY_NAME, key);
  } else {
    localStorage.removeItem(KEY_NAME);
  }
}

/** Shows the sandbox notice when an answer says the gateway runs on its embedded sandbox. */
function noticeUpstream(answer) {
  if (answer.headers.get(UPSTREAM_HEADER) === 'embedded-sandbox') {
    $('#sandbox-notice').hidden = false;
  }
}

/** One call with the key in the Authorization header; rejects with the problem's detail and status. */
async function callGateway(method, path, body) {
  const headers = { Authorization: `Bearer ${storedKey()}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const answer = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  noticeUpstream(answer);
  const json = await answer.json().catch(() => ({}));
  if (!answer.ok) {
    const error = new Error(json.detail || `${answer.status} ${answer.statusText}`);
    error.status = answer.status;
    error.problem = json;
    throw error;
  }
  return json;
}

function showConnection(state) {
  const line = $('#connection');
  line.dataset.state = state;
  line.textContent = STATUS_TEXT[state] || state;
}

function showMessage(text) {
  $('#message').textContent = text;
}

function announce(text) {
  $('#list-status').textContent = text;
}

function connect() {
  if (follower) follower.close();
  const key = storedKey();
  $('#key-state').textContent = key ? `Using the key ending in …${key.slice(-4)}.` : 'No key yet.';
  if (!key) {
    showConnection('idle');
    return;
  }
  loadPage(null, []);
  follower = followRenders({
    getToken: () => callGateway('POST', '/v1/tokens', { ttl: '5m' }),
    onRender: draw,
    onStatus: showConnection,
  });
}

// ---- the list: filter and pages ----------------------------------------------------------------------

/** Loads the page that starts after {@code cursor} (null: the first), remembering the cursors before it. */
async function loadPage(cursor, cursors) {
  const query = new URLSearchParams({ limit: String(view.limit) });
  if (view.status) query.set('status', view.status);
  if (cursor) query.set('cursor', cursor);
  const ticket = ++view.ticket;
  $('#renders').setAttribute('aria-busy', 'true');
  let page;
  try {
    page = await callGateway('GET', `/v1/renders?${query}`);
  } catch (error) {
    if (ticket !== view.ticket) return;
    $('#renders').removeAttribute('aria-busy');
    announce(error.status === 401 ? 'The key was refused: enter a valid key.'
      : `The renders could not be listed: ${error.message}`);
    return;
  }
  if (ticket !== view.ticket) return;   // a newer page was asked for meanwhile
  view.cursor = cursor;
  view.cursors = cursors;
  view.next = page.next;
  rows.clear();
  $('#renders').replaceChildren();
  $('#renders').removeAttribute('aria-busy');
  page.items.forEach((render) => draw(newest(render), { fromList: true }));
  showPager(page.items.length);
}

function showPager(count) {
  const number = view.cursors.length + 1;
  $('#page-number').textContent = `Page ${number}`;
  $('#newer-page').disabled = number === 1;
  $('#older-page').disabled = !view.next;
  $('#empty').hidden = rows.size > 0;
  $('#empty').textContent = view.status ? `No ${view.status} renders.` : 'No renders yet.';
  const filter = view.status ? ` ${view.status}` : '';
  announce(count === 0 ? `No${filter} renders on page ${number}.`
    : `Page ${number}: ${count}${filter} render${count === 1 ? '' : 's'}${view.next ? ', more on older pages' : ''}.`);
}

function newest(render) {
  const seen = latest.get(render.id);
  if (seen && Date.parse(seen.updatedAt) > Date.parse(render.updatedAt)) return seen;
  latest.set(render.id, render);
  return render;
}

/** Whether a render not on the page belongs on it: the first page, its filter, and newer than its last row. */
function belongsOnPage(render) {
  if (view.cursors.length > 0 || view.cursor) return false;
  if (view.status && render.status !== view.status) return false;
  const list = $('#renders');
  if (list.children.length < view.limit || !view.next) return true;
  return list.lastElementChild.dataset.createdAt < render.createdAt;
}

// ---- one render --------------------------------------------------------------------------------------

function rowOf(render) {
  let row = rows.get(render.id);
  if (row) return row;
  row = document.createElement('li');
  row.className = 'render';
  row.dataset.renderId = render.id;
  row.innerHTML = `
    <div class="head"><code class="id"></code><span class="status"></span><span class="percent"></span></div>
    <progress max="100" value="0"></progress>
    <p class="times">Created <time class="created"></time><span class="updated-part"> · updated
      <time class="updated"></time></span></p>
    <div class="outcome"></div>
    <div class="actions"><p class="row-message" role="status"></p></div>`;
  row.querySelector('.id').textContent = render.id;
  row.querySelector('progress').setAttribute('aria-label', `Progress of render ${render.id}`);
  row.dataset.createdAt = render.createdAt;
  const list = $('#renders');
  const newer = [...list.children].find((other) => other.dataset.createdAt < render.createdAt);
  list.insertBefore(row, newer || null);
  rows.set(render.id, row);
  $('#empty').hidden = true;
  return row;
}

function showTime(element, iso) {
  element.dateTime = iso;
  element.title = iso;
  const date = new Date(iso);
  element.textContent = Number.isNaN(date.getTime()) ? iso : TIME_FORMAT.format(date);
}

function draw(incoming, { fromList = false } = {}) {
  const render = fromList ? incoming : newest(incoming);
  let row = rows.get(render.id);
  if (!row && !fromList && !belongsOnPage(render)) return;
  const before = row ? row.dataset.status : null;
  row = rowOf(render);
  row.dataset.status = render.status;
  row.querySelector('.status').textContent = render.status;
  row.querySelector('.percent').textContent = `${render.progress} %`;
  row.querySelector('progress').value = render.progress;
  showTime(row.querySelector('.created'), render.createdAt);
  showTime(row.querySelector('.updated'), render.updatedAt);
  drawOutcome(row, render);
  drawActions(row, render);
  if (before && before !== render.status && TERMINAL.has(render.status)) {
    announce(`Render ${render.id} is ${render.status}.`);
  }
}

function drawOutcome(row, render) {
  const outcome = row.querySelector('.outcome');
  const key = `${render.status}|${render.url}|${render.thumbnail}|${render.duration}|${JSON.stringify(render.error)}`;
  if (outcome.dataset.key === key) return;   // keep a loaded thumbnail as it is
  outcome.dataset.key = key;
  outcome.replaceChildren();
  outcome.className = 'outcome';
  if (render.status === 'done') {
    if (render.thumbnail) {
      const image = document.createElement('img');
      image.className = 'thumbnail';
      image.src = render.thumbnail;
      image.alt = `Thumbnail of render ${render.id}`;
      image.width = 160;
      image.height = 90;
      image.referrerPolicy = 'no-referrer';
      image.addEventListener('error', () => image.classList.add('broken'));
      outcome.append(image);
    }
    const facts = document.createElement('p');
    facts.className = 'facts';
    if (render.duration !== null && render.duration !== undefined) {
      const duration = document.createElement('span');
      duration.className = 'duration';
      duration.textContent = `Duration ${formatDuration(render.duration)}`;
      facts.append(duration);
    }
    if (render.url) {
      const link = document.createElement('a');
      link.href = render.url;
      link.textContent = 'Download the video';
      link.rel = 'noopener noreferrer';
      link.className = 'video-link';
      facts.append(link);
    }
    outcome.append(facts);
  } else if (render.error) {
    outcome.classList.add('error');
    const code = document.createElement('code');
    code.className = 'error-code';
    code.textContent = render.error.code;
    const message = document.createElement('span');
    message.className = 'error-message';
    message.textContent = render.error.message;
    const line = document.createElement('p');
    line.append(code, ': ', message);
    outcome.append(line);
  } else if (render.status === 'cancelled') {
    const line = document.createElement('p');
    line.textContent = 'Cancelled before it was sent to JSON2Video.';
    outcome.append(line);
  }
}

function formatDuration(seconds) {
  const whole = Math.round(seconds);
  if (whole < 60) return `${Number(seconds).toFixed(1)} s`;
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
}

function drawActions(row, render) {
  const actions = row.querySelector('.actions');
  let button = actions.querySelector('button.cancel');
  if (render.status === 'queued' && !button) {
    button = document.createElement('button');
    button.type = 'button';
    button.className = 'cancel secondary';
    button.textContent = 'Cancel';
    button.setAttribute('aria-label', `Cancel render ${render.id}`);
    button.addEventListener('click', () => cancel(render.id, row));
    actions.prepend(button);
  } else if (render.status !== 'queued' && button && !button.dataset.busy) {
    button.remove();
  }
}

async function cancel(id, row) {
  const button = row.querySelector('button.cancel');
  const message = row.querySelector('.row-message');
  button.disabled = true;
  button.dataset.busy = 'true';
  message.className = 'row-message';
  message.textContent = `Cancelling ${id}…`;
  try {
    const render = await callGateway('DELETE', `/v1/renders/${encodeURIComponent(id)}`);
    message.textContent = `Cancelled ${id}.`;
    delete button.dataset.busy;
    draw(render);
  } catch (error) {
    delete button.dataset.busy;
    button.disabled = false;
    message.classList.add('refused');
    message.textContent = `Not cancelled (${error.status}): ${error.message}`;
    const render = latest.get(id);
    if (render) drawActions(row, render);
  }
}

// ---- forms -------------------------------------------------------------------------------------------

$('#key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  storeKey($('#api-key').value.trim(), $('#remember-key').checked);
  $('#api-key').value = '';
  showMessage('');
  connect();
});

$('#render-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!storedKey()) {
    showMessage('Enter a gateway key first.');
    return;
  }
  let movie;
  try {
    movie = JSON.parse($('#movie').value);
  } catch (error) {
    showMessage(`The movie is not valid JSON: ${error.message}`);
    return;
  }
  try {
    const render = await callGateway('POST', '/v1/renders', { movie });
    showMessage(`Submitted ${render.id}.`);
    draw(render);
  } catch (error) {
    showMessage(error.status === 401 ? 'The key was refused: enter a valid key.' : error.message);
  }
});

function applyFilter() {
  view.status = $('#status-filter').value;
  view.limit = Number($('#page-size').value);
  if (storedKey()) loadPage(null, []);
}

$('#list-form').addEventListener('submit', (event) => {
  event.preventDefault();
  applyFilter();
});
$('#status-filter').addEventListener('change', applyFilter);
$('#page-size').addEventListener('change', applyFilter);
$('#older-page').addEventListener('click', () => {
  if (view.next) loadPage(view.next, [...view.cursors, view.cursor]);
});
$('#newer-page').addEventListener('click', () => {
  if (view.cursors.length === 0) return;
  const cursors = view.cursors.slice(0, -1);
  loadPage(view.cursors[view.cursors.length - 1], cursors);
});

$('#movie').value = JSON.stringify(SAMPLE_MOVIE, null, 2);
// The page's own address answers without a key, and says whether the gateway runs on its sandbox.
fetch('/', { method: 'HEAD', cache: 'no-store' }).then(noticeUpstream).catch(() => {});
connect();
