// A symbol's data types, watched through the tracker's browser client (served by the tracker at
// /client/freshet.js) and updated live by its resumable event stream. With client tokens on, the
// tokens for this page's client id come from the admin API (/api/v1/ui/tracker-token).
import { api } from '../api.js';
import { h, replace, table, badge, field, problemSummary, ago } from '../dom.js';

export const title = 'Live view';

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

  let freshet = null;
  let watching = null;
  let token = null;
  const rows = new Map();

  // a token lasts minutes: ask for a new one only when the last is close to expiring
  async function trackerToken() {
    if (!token || (token.expiresAt && Date.parse(token.expiresAt) - Date.now() < 60_000)) {
      token = await api(`/api/v1/ui/tracker-token?clientId=${encodeURIComponent(clientId)}`);
    }
    return token.token;
  }

  async function client() {
    if (!freshet) {
      const { createFreshet } = await import(`${tracker}/client/freshet.js`);
      freshet = createFreshet({ baseUrl: tracker, clientId, token: trackerToken });
      freshet.onRefreshed(e => {
        if (e.symbol !== watching) return;
        rows.set(e.dataType, { ...(rows.get(e.dataType) || { dataType: e.dataType }), state: 'fresh', updatedAt: e.updatedAt, refresh: 'none', flash: true });
        draw();
        ctx.announce(`${e.dataType} of ${e.symbol} refreshed`);
      });
      freshet.onReset(() => replace(status, `Watching ${watching}: events were missed, states re-read.`));
      freshet.onError(p => { if (watching) replace(status, `Watching ${watching}: ${p.detail || p.title}`); });
    }
    return freshet;
  }

  function draw() {
    replace(result, table(`Freshness of ${watching}`, [
      { label: 'Data type', value: r => r.dataType }, { label: 'State', value: r => badge(r.state) },
      { label: 'Updated', value: r => ago(r.updatedAt) }, { label: 'Refresh', value: r => r.refresh || '—' }],
      [...rows.values()], { empty: 'No subscribable data type for this symbol.', rowAttrs: r => ({ 'data-type': r.dataType, class: r.flash ? 'flash' : null }) }));
    for (const r of rows.values()) r.flash = false;
  }

  function stop() {
    if (watching) freshet?.unwatch(watching).catch(() => {});
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
      const dataTypes = registry.filter(d => (d.rolloutState === 'shadow' || d.rolloutState === 'live') && d.scope === 'symbol' && d.refreshMode !== 'scheduled').map(d => d.dataType);
      if (!dataTypes.length) throw new Error('no enabled on-demand data type to subscribe to');
      const f = await client();
      watching = symbol;
      replace(status, `Watching ${symbol}…`);
      for (const p of await f.watch({ symbol, dataTypes })) rows.set(p.dataType, { ...p });
      draw();
      replace(status, `Watching ${symbol}: connected to the tracker's event stream.`);
    } catch (e) {
      watching = null;
      problemSummary(summary, e, 'Could not watch the symbol');
    }
  });

  input.focus();
  return () => { stop(); freshet?.close().catch(() => {}); freshet = null; };
}
