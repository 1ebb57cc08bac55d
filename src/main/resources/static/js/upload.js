// The upload form: file input and drop zone, the upload itself, rejected files' line errors, the demo sample.

import * as api from './api.js';
import { el } from './format.js';

const $ = (id) => document.getElementById(id);

/** hooks.onAccepted(body) after a 202; hooks.onAuth(error) returns true when it handled a 401. */
let hooks = { onAccepted: () => {}, onAuth: () => false };

const count = (n, noun) => `${n} ${noun}${n === 1 ? '' : 's'}`;

export function initUpload(callbacks) {
  hooks = callbacks;
  offerSample();
}

// ---- upload --------------------------------------------------------------------------------------------

const fileInput = $('file-input');
const dropZone = $('drop-zone');

function showFileName() {
  const file = fileInput.files[0];
  $('file-name').textContent = file ? `Selected: ${file.name}` : '';
}

fileInput.addEventListener('change', showFileName);
['dragenter', 'dragover'].forEach((type) => dropZone.addEventListener(type, (event) => {
  event.preventDefault();
  dropZone.classList.add('dragging');
}));
['dragleave', 'dragend'].forEach((type) => dropZone.addEventListener(type, () => dropZone.classList.remove('dragging')));
dropZone.addEventListener('drop', (event) => {
  event.preventDefault();
  dropZone.classList.remove('dragging');
  if (event.dataTransfer.files.length) {
    fileInput.files = event.dataTransfer.files;
    showFileName();
    $('upload-button').focus();
  }
});

function clearUploadErrors() {
  $('upload-errors').hidden = true;
  $('line-errors').hidden = true;
  $('line-errors').tBodies[0].replaceChildren();
}

function showUploadError(error) {
  const problem = error.problem || {};
  const titles = { 400: 'The CSV was not accepted', 413: 'The upload is too large', 415: 'Not a CSV upload' };
  $('upload-errors-title').textContent = titles[error.status] || problem.title || 'The upload failed';
  $('upload-errors-detail').textContent = problem.detail || error.message;
  const rows = Array.isArray(problem.errors) ? problem.errors : [];
  $('line-errors').hidden = rows.length === 0;
  $('line-errors').tBodies[0].replaceChildren(...rows.map((row) => el('tr', {},
    el('th', { scope: 'row', text: row.line ?? '' }), el('td', { text: row.reason ?? '' }))));
  $('upload-errors').hidden = false;
}

async function send(file) {
  clearUploadErrors();
  $('upload-button').disabled = true;
  $('sample-button').disabled = true;
  $('upload-message').textContent = `Uploading ${file.name}…`;
  try {
    const accepted = await api.upload(file);
    $('upload-message').textContent =
      `Accepted ${file.name}: ${count(accepted.productCount, 'product')}, ${count(accepted.imageCount, 'image')}.`;
    hooks.onAccepted(accepted);
  } catch (error) {
    $('upload-message').textContent = '';
    if (!hooks.onAuth(error)) showUploadError(error);
  } finally {
    $('upload-button').disabled = false;
    $('sample-button').disabled = false;
  }
}

$('upload-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const file = fileInput.files[0];
  if (!file) {
    $('upload-message').textContent = 'Choose a CSV file first.';
    fileInput.focus();
    return;
  }
  send(file);
});

// ---- demo sample ---------------------------------------------------------------------------------------

async function offerSample() {
  try {
    const response = await fetch('/demo/info', { headers: { Accept: 'application/json' } });
    if (!response.ok) return;
    const info = await response.json();
    $('sample-button').hidden = false;
    $('sample-link').hidden = false;
    $('sample-link').href = info.sampleCsv;
    $('sample-button').addEventListener('click', async () => {
      const csv = await fetch(info.sampleCsv);
      send(new File([await csv.blob()], 'products.csv', { type: 'text/csv' }));
    });
  } catch (e) {
    // no demo profile: nothing to offer
  }
}
