// The page: upload a CSV, follow the request live, browse its products, list recent requests.

import * as api from './api.js';
import { follow } from './events.js';
import { el, when } from './format.js';
import { renderProducts, renderStatus } from './request-view.js';
import { initUpload } from './upload.js';

const $ = (id) => document.getElementById(id);
const PAGE_SIZE = 20;
const RECENT_LIMIT = 20;
const TERMINAL = new Set(['COMPLETED', 'FAILED']);

const state = { id: null, page: 0, stream: null, reloadTimer: null, outputUrl: null };

// ---- API key -------------------------------------------------------------------------------------------

function askForKey(error) {
  $('key-panel').hidden = false;
  $('key-reason').textContent = api.apiKey()
    ? `The API key was refused: ${error.message}`
    : 'This service needs an API key. Enter it to continue.';
  $('key-input').focus();
}

/** Shows a 401 as the key prompt; anything else through show(). Returns true when it was handled as 401. */
function handleAuth(error) {
  if (error instanceof api.ApiError && error.status === 401) {
    askForKey(error);
    return true;
  }
  return false;
}

$('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  api.setApiKey($('key-input').value.trim());
  $('key-input').value = '';
  $('key-panel').hidden = true;
  loadRecent();
  if (state.id) openRequest(state.id);
});
$('key-forget').addEventListener('click', () => {
  api.setApiKey('');
  $('key-reason').textContent = 'Key forgotten.';
});

// ---- one request ---------------------------------------------------------------------------------------

function closeStream() {
  if (state.stream) state.stream.close();
  state.stream = null;
  clearTimeout(state.reloadTimer);
  state.reloadTimer = null;
}

async function loadProducts() {
  const id = state.id;
  try {
    const { items, total } = await api.products(id, state.page, PAGE_SIZE);
    if (id === state.id) renderProducts(items, state.page, PAGE_SIZE, total);
  } catch (error) {
    if (!handleAuth(error)) showRequestError(error);
  }
}

function showRequestError(error) {
  $('request-error').hidden = false;
  $('request-error').textContent = error.message;
}

// Progress events can come several times a second; the table is reloaded at most once a second.
function scheduleProducts() {
  if (state.reloadTimer) return;
  state.reloadTimer = setTimeout(() => {
    state.reloadTimer = null;
    loadProducts();
  }, 1000);
}

async function showOutputLink(s) {
  const row = $('output-link-row');
  const link = $('output-link');
  if (!TERMINAL.has(s.status)) {
    row.hidden = true;
    return;
  }
  if (api.apiKey()) {
    // a link cannot send the Authorization header: fetch the file and link to it
    if (state.outputUrl) URL.revokeObjectURL(state.outputUrl);
    state.outputUrl = await api.outputCsvUrl(s.requestId);
    link.href = state.outputUrl;
  } else {
    link.href = s.links.output;
  }
  link.setAttribute('download', `${s.requestId}-output.csv`);
  row.hidden = false;
}

function onStatus(s) {
  if (s.requestId !== state.id) return;
  renderStatus(s);
  if (TERMINAL.has(s.status)) {
    closeStream();
    loadProducts();
    showOutputLink(s).catch((error) => handleAuth(error));
    loadRecent();
  } else {
    scheduleProducts();
  }
}

async function openRequest(id) {
  closeStream();
  if (state.id !== id) state.page = 0;
  state.id = id;
  $('request-panel').hidden = false;
  $('output-link-row').hidden = true;
  $('live-message').textContent = '';
  try {
    const s = await api.status(id);
    onStatus(s);
    loadProducts();
    if (!TERMINAL.has(s.status)) {
      state.stream = follow(s.links.events, api.apiKey(), (type, next) => {
        $('live-message').textContent = '';
        onStatus(next);
      }, (message) => { $('live-message').textContent = message; });
    }
  } catch (error) {
    if (!handleAuth(error)) showRequestError(error);
  }
}

$('prev-page').addEventListener('click', () => { state.page = Math.max(0, state.page - 1); loadProducts(); });
$('next-page').addEventListener('click', () => { state.page += 1; loadProducts(); });

// ---- recent requests -----------------------------------------------------------------------------------

async function loadRecent() {
  try {
    const list = await api.recent(RECENT_LIMIT);
    $('recent-empty').hidden = list.length > 0;
    $('recent-list').replaceChildren(...list.map((r) => el('li', {},
      el('button', { type: 'button', class: 'secondary', onclick: () => { location.hash = `#/requests/${r.requestId}`; } },
        `${r.requestId.slice(0, 8)}…`),
      el('span', { class: `badge ${r.status}`, text: r.status }),
      el('span', { text: `${r.images.done}/${r.images.total} images${r.images.failed ? `, ${r.images.failed} failed` : ''}` }),
      el('span', { class: 'when', text: when(r.createdAt) }))));
  } catch (error) {
    handleAuth(error);
  }
}

$('recent-refresh').addEventListener('click', loadRecent);

// ---- routing: #/requests/{id} makes a request bookmarkable -------------------------------------------

function route() {
  const match = /^#\/requests\/([0-9a-fA-F-]{36})$/.exec(location.hash);
  if (match) openRequest(match[1]);
}

window.addEventListener('hashchange', route);
initUpload({
  onAccepted: (accepted) => {
    location.hash = `#/requests/${accepted.requestId}`;
    loadRecent();
  },
  onAuth: handleAuth,
});
loadRecent();
route();
