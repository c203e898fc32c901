// A symbol's data types, subscribed through the tracker and updated live by its server-sent events.
import { api } from '../api.js';
import { h, replace, table, badge, field, problemSummary, ago } from '../dom.js';

export const title = 'Live view';

const HEARTBEAT_MS = 30_000;

export async function render(root, ctx) {
  const tracker = ctx.settings.trackerUrl.replace(/\/+$/, '');
  const clientId = `admin-ui-${crypto.randomUUID().slice(0, 8)}`;
  const summary = h('div', { class: 'error-summary', id: 'live-error' });
  const input = h('input', { name: 'symbol', autocomplete: 'off', placeholder: 'AAPL', size: 12, required: true });
  const status = h('p', { id: 'live-status', class: 'muted', 'aria-live': 'polite' });
  const result = h('div', { id: 'live-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'toolbar', id: 'live-form', 'aria-label': 'Watch a symbol' },
    field('live-symbol', 'Symbol', input), h('button', { type: 'submit' }, 'Watch'));
  replace(root, h('h1', {}, 'Live view'),
    h('p', { class: 'muted' }, `Subscribes as a viewer through the tracker at ${tracker}: stale data types are refreshed, and each refresh arrives here as it commits.`),
    summary, h('section', { class: 'card' }, form, status, result));

  let events = null;
  let heartbeat = null;
  let watching = null;
  const rows = new Map();

  async function tracked(path, options = {}) {
    const res = await fetch(`${tracker}${path}`, { ...options, headers: { 'Content-Type': 'application/json', Accept: 'application/json' } });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw Object.assign(new Error(body.detail || body.title || `tracker answered ${res.status}`), { errors: body.errors });
    return body;
  }

  function draw() {
    replace(result, table(`Freshness of ${watching}`, [
      { label: 'Data type', value: r => r.dataType }, { label: 'State', value: r => badge(r.state) },
      { label: 'Updated', value: r => ago(r.updatedAt) }, { label: 'Refresh', value: r => r.refresh || '—' }],
      [...rows.values()], { empty: 'No subscribable data type for this symbol.', rowAttrs: r => ({ 'data-type': r.dataType, class: r.flash ? 'flash' : null }) }));
    for (const r of rows.values()) r.flash = false;
  }

  function stop() {
    events?.close(); events = null;
    clearInterval(heartbeat); heartbeat = null;
    if (watching) fetch(`${tracker}/v1/subscriptions/${encodeURIComponent(clientId)}`, { method: 'DELETE' }).catch(() => {});
    watching = null;
    rows.clear();
  }

  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    const symbol = input.value.trim().toUpperCase();
    if (!symbol) { problemSummary(summary, new Error('Enter a symbol.'), 'Nothing to watch'); return; }
    stop();
    replace(summary);
    try {
      const registry = await api('/api/v1/registry');
      const dataTypes = registry.filter(d => d.enabled && d.scope === 'symbol' && d.refreshMode !== 'scheduled').map(d => d.dataType);
      if (!dataTypes.length) throw new Error('no enabled on-demand data type to subscribe to');
      const subscribe = () => tracked('/v1/subscriptions', { method: 'POST', body: JSON.stringify({ clientId, symbol, dataTypes }) });
      const answer = await subscribe();
      watching = symbol;
      for (const p of answer.subscriptions) rows.set(p.dataType, { ...p });
      draw();
      heartbeat = setInterval(() => subscribe().catch(() => {}), HEARTBEAT_MS);
      events = new EventSource(`${tracker}/v1/events?symbols=${encodeURIComponent(symbol)}`);
      events.addEventListener('open', () => replace(status, `Watching ${symbol}: connected to the tracker's event stream.`));
      events.addEventListener('error', () => replace(status, `Watching ${symbol}: event stream interrupted, reconnecting…`));
      events.addEventListener('refreshed', e => {
        const data = JSON.parse(e.data);
        if (data.symbol !== watching) return;
        rows.set(data.dataType, { ...(rows.get(data.dataType) || { dataType: data.dataType }), state: 'fresh', updatedAt: data.updatedAt, refresh: 'none', flash: true });
        draw();
        ctx.announce(`${data.dataType} of ${data.symbol} refreshed`);
      });
      replace(status, `Watching ${symbol}…`);
    } catch (e) {
      problemSummary(summary, e, 'Could not watch the symbol');
    }
  });

  input.focus();
  return stop;
}
