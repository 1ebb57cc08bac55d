// Talks to /api/v1 with the API key (if any) from session storage; errors become ApiError with the problem body.

const KEY_STORAGE = 'image-ingest.api-key';

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

export function apiKey() {
  try {
    return sessionStorage.getItem(KEY_STORAGE) || '';
  } catch (e) {
    return '';
  }
}

export function setApiKey(key) {
  if (key) {
    sessionStorage.setItem(KEY_STORAGE, key);
  } else {
    sessionStorage.removeItem(KEY_STORAGE);
  }
}

export function authHeaders() {
  const key = apiKey();
  return key ? { Authorization: `Bearer ${key}` } : {};
}

async function problemOf(response) {
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    try {
      return await response.json();
    } catch (e) {
      return null;
    }
  }
  const text = await response.text().catch(() => '');
  return { detail: text.slice(0, 500) || `HTTP ${response.status}` };
}

async function call(path, init = {}) {
  const response = await fetch(path, {
    ...init,
    headers: { Accept: 'application/json', ...authHeaders(), ...(init.headers || {}) },
  });
  if (!response.ok) {
    throw new ApiError(response.status, await problemOf(response));
  }
  return response;
}

/** Uploads the CSV as multipart part "file"; resolves to the 202 body. */
export async function upload(file) {
  const form = new FormData();
  form.append('file', file, file.name || 'products.csv');
  const response = await call('/api/v1/requests', { method: 'POST', body: form });
  return response.json();
}

export async function status(id) {
  return (await call(`/api/v1/requests/${encodeURIComponent(id)}`)).json();
}

/** One page of products plus the total from X-Total-Count. */
export async function products(id, page, size) {
  const response = await call(`/api/v1/requests/${encodeURIComponent(id)}/products?page=${page}&size=${size}`);
  return { items: await response.json(), total: Number(response.headers.get('X-Total-Count') || 0) };
}

export async function recent(limit) {
  return (await call(`/api/v1/requests?limit=${limit}`)).json();
}

/** Downloads output.csv with the key and returns an object URL (a plain link cannot send the header). */
export async function outputCsvUrl(id) {
  const response = await call(`/api/v1/requests/${encodeURIComponent(id)}/output.csv`, {
    headers: { Accept: 'text/csv' },
  });
  return URL.createObjectURL(await response.blob());
}
