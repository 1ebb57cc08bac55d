// Follows GET /api/v1/requests/{id}/events. Without an API key this is a plain EventSource. EventSource
// cannot send an Authorization header, so with a key the same stream is read with fetch() and parsed here
// (the key never goes into a URL, where proxies and logs would keep it).

const TERMINAL = new Set(['COMPLETED', 'FAILED']);

/**
 * Calls onEvent(type, status) for every "progress" and "status" event until the request ends or close() is
 * called; onError(message) when the stream breaks (it reconnects by itself).
 */
export function follow(path, key, onEvent, onError) {
  return key ? followWithFetch(path, key, onEvent, onError) : followWithEventSource(path, onEvent, onError);
}

function followWithEventSource(path, onEvent, onError) {
  const source = new EventSource(path);
  const handle = (event) => {
    const status = JSON.parse(event.data);
    onEvent(event.type, status);
    if (TERMINAL.has(status.status)) {
      source.close(); // the server ends the stream; without this EventSource would reconnect forever
    }
  };
  source.addEventListener('progress', handle);
  source.addEventListener('status', handle);
  source.onerror = () => {
    if (source.readyState !== EventSource.CLOSED) {
      onError('Live updates interrupted; reconnecting…');
    }
  };
  return { close: () => source.close() };
}

function followWithFetch(path, key, onEvent, onError) {
  const controller = new AbortController();
  let lastId = null;
  let retryMs = 3000;
  let done = false;

  const dispatch = (block) => {
    let type = 'message';
    const data = [];
    for (const line of block.split(/\r\n|\r|\n/)) {
      if (!line || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id') lastId = value;
      else if (field === 'retry' && /^\d+$/.test(value)) retryMs = Number(value);
    }
    if (data.length && (type === 'progress' || type === 'status')) {
      const status = JSON.parse(data.join('\n'));
      onEvent(type, status);
      if (TERMINAL.has(status.status)) done = true;
    }
  };

  const run = async () => {
    while (!done && !controller.signal.aborted) {
      try {
        const headers = { Accept: 'text/event-stream', Authorization: `Bearer ${key}` };
        if (lastId) headers['Last-Event-ID'] = lastId;
        const response = await fetch(path, { headers, signal: controller.signal, cache: 'no-store' });
        if (!response.ok) {
          onError(`Live updates failed (HTTP ${response.status})`);
          return;
        }
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done: ended } = await reader.read();
          if (ended) break;
          buffer += value;
          const blocks = buffer.split(/\r\n\r\n|\n\n|\r\r/);
          buffer = blocks.pop();
          blocks.forEach(dispatch);
        }
      } catch (e) {
        if (controller.signal.aborted) return;
      }
      if (!done && !controller.signal.aborted) {
        onError('Live updates interrupted; reconnecting…');
        await new Promise((resolve) => setTimeout(resolve, retryMs));
      }
    }
  };
  run();
  return { close: () => controller.abort() };
}
