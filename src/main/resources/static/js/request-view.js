// Renders one request: status, progress, byte totals, failures and the products table.

import { bytes, el, savings } from './format.js';

const $ = (id) => document.getElementById(id);

export function renderStatus(s) {
  $('request-id').textContent = s.requestId;
  const badge = $('request-status');
  badge.textContent = s.status;
  badge.className = `badge ${s.status}`;

  const images = s.images || { total: 0, done: 0, failed: 0, pending: 0 };
  const products = s.products || { total: 0, done: 0, failed: 0, pending: 0 };
  const progress = $('request-progress');
  progress.max = Math.max(1, images.total);
  progress.value = images.done + images.failed;
  progress.setAttribute('aria-valuetext',
    `${images.done + images.failed} of ${images.total} images processed, status ${s.status}`);
  $('request-counts').textContent =
    `${s.status}: images ${images.done} done, ${images.failed} failed, ${images.pending} pending of ${images.total}; `
    + `products ${products.done} done, ${products.failed} failed of ${products.total}.`;

  const saved = savings(s.bytesIn, s.bytesOut);
  $('request-bytes').textContent = s.bytesIn > 0
    ? `Downloaded ${bytes(s.bytesIn)}, stored ${bytes(s.bytesOut)}${saved ? ` (${saved})` : ''}.`
    : '';

  $('request-error').hidden = !s.error;
  $('request-error').textContent = s.error || '';

  const failures = s.failures || [];
  $('failures').hidden = failures.length === 0;
  $('failure-list').replaceChildren(...failures.map((f) => el('li', {},
    el('strong', { text: `#${f.serialNumber} ${f.productName}` }), ` image ${f.imageIndex + 1}: `,
    el('code', { text: f.reason }), f.detail ? ` — ${f.detail}` : '', el('br'),
    el('span', { class: 'hint', text: f.url }))));
  $('failures-truncated').hidden = !s.failuresTruncated;
}

function thumb(src, alt) {
  return el('img', { class: 'thumb', src, alt, loading: 'lazy', decoding: 'async', width: 72, height: 72 });
}

function imageCell(product) {
  const outputs = product.outputImageUrls || [];
  const errors = new Map((product.imageErrors || []).map((e) => [e.index, e]));
  return el('div', { class: 'images' }, (product.inputImageUrls || []).map((url, i) => {
    const out = outputs[i];
    const error = errors.get(i);
    let right;
    if (out) {
      right = el('figure', {}, el('a', { href: out, target: '_blank', rel: 'noopener' },
        thumb(out, `Output image ${i + 1} of ${product.productName}`)), el('figcaption', { text: 'output' }));
    } else if (error) {
      right = el('span', { class: 'img-error', text: `${error.reason}${error.detail ? `: ${error.detail}` : ''}` });
    } else {
      right = el('span', { class: 'thumb missing', text: 'pending' });
    }
    return el('div', { class: 'pair' },
      el('figure', {}, el('a', { href: url, target: '_blank', rel: 'noopener noreferrer' },
        thumb(url, `Input image ${i + 1} of ${product.productName}`)), el('figcaption', { text: 'input' })),
      el('span', { 'aria-hidden': 'true', text: '→' }), right);
  }));
}

function sizeCell(product) {
  if (!product.processedAt) return 'pending';
  if (!(product.bytesIn > 0)) return product.bytesOut > 0 ? `${bytes(product.bytesOut)} stored` : '—';
  const saved = savings(product.bytesIn, product.bytesOut);
  return el('span', {}, `${bytes(product.bytesIn)} → ${bytes(product.bytesOut)}`,
    saved ? el('br') : '', saved ? el('span', { class: 'savings', text: saved }) : '');
}

export function renderProducts(items, page, size, total) {
  $('products').tBodies[0].replaceChildren(...items.map((p) => el('tr', { 'data-serial': p.serialNumber },
    el('td', { 'data-label': 'S. No.', text: p.serialNumber }),
    el('td', { 'data-label': 'Product', text: p.productName }),
    el('td', {}, imageCell(p)),
    el('td', { 'data-label': 'Size' }, sizeCell(p)))));
  const pages = Math.max(1, Math.ceil(total / size));
  $('page-info').textContent = `Page ${page + 1} of ${pages} (${total} products)`;
  $('prev-page').disabled = page <= 0;
  $('next-page').disabled = page + 1 >= pages;
}
