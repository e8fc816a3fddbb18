// The dashboard: a key, a sample movie, and one live progress bar per render of the tenant.
import { followRenders } from './render-progress.js';

const KEY_NAME = 'render-gateway.key';
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

const $ = (selector) => document.querySelector(selector);
const rows = new Map();
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

async function callGateway(path, body) {
  const answer = await fetch(path, {
    method: 'POST',
    headers: { Authorization: `Bearer ${storedKey()}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = await answer.json().catch(() => ({}));
  if (!answer.ok) {
    const error = new Error(json.detail || `${answer.status} ${answer.statusText}`);
    error.status = answer.status;
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

function connect() {
  if (follower) follower.close();
  const key = storedKey();
  $('#key-state').textContent = key ? `Using the key ending in …${key.slice(-4)}.` : 'No key yet.';
  if (!storedKey()) {
    showConnection('idle');
    return;
  }
  follower = followRenders({
    getToken: () => callGateway('/v1/tokens', { ttl: '5m' }),
    onRender: draw,
    onStatus: showConnection,
  });
}

function rowOf(render) {
  let row = rows.get(render.id);
  if (row) return row;
  row = document.createElement('li');
  row.className = 'render';
  row.dataset.renderId = render.id;
  row.innerHTML = `
    <div class="head"><code class="id"></code><span class="status"></span><span class="percent"></span></div>
    <progress max="100" value="0"></progress>
    <p class="outcome"></p>`;
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

function draw(render) {
  const row = rowOf(render);
  row.dataset.status = render.status;
  row.querySelector('.status').textContent = render.status;
  row.querySelector('.percent').textContent = `${render.progress} %`;
  row.querySelector('progress').value = render.progress;
  const outcome = row.querySelector('.outcome');
  outcome.replaceChildren();
  if (render.status === 'done' && render.url) {
    const link = document.createElement('a');
    link.href = render.url;
    link.textContent = 'Download the video';
    link.rel = 'noopener noreferrer';
    link.className = 'video-link';
    outcome.append(link);
  } else if (render.error) {
    outcome.textContent = `${render.error.code}: ${render.error.message}`;
    outcome.className = 'outcome error';
  }
}

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
    const render = await callGateway('/v1/renders', { movie });
    showMessage(`Submitted ${render.id}.`);
    draw(render);
  } catch (error) {
    showMessage(error.status === 401 ? 'The key was refused: enter a valid key.' : error.message);
  }
});

$('#movie').value = JSON.stringify(SAMPLE_MOVIE, null, 2);
connect();
