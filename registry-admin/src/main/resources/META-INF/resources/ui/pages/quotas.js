// Provider quotas: the limits, editable by admins, with live usage beside them and the run-out forecast.
import { api } from '../api.js';
import { h, replace, table, badge, field, problemSummary, time, num, bytes } from '../dom.js';

export const title = 'Quotas';

// Every limit the PUT takes; an empty optional field is a window that is not enforced.
const LIMITS = [
  { key: 'callsPerMinute', label: 'Calls per minute', optional: true },
  { key: 'callsPerDay', label: 'Calls per day', optional: true },
  { key: 'bytesPerWindow', label: 'Bytes per window', optional: true },
  { key: 'bytesWindowSeconds', label: 'Byte window (s)', optional: true },
  { key: 'safetyMarginPct', label: 'Safety margin %', step: '0.01' },
  { key: 'onDemandReservePct', label: 'On-demand reserve %', step: '0.01' },
  { key: 'maxConcurrency', label: 'Max concurrent calls' },
  { key: 'requestTimeoutMs', label: 'Request timeout (ms)' },
];

function amount(unit, n) {
  return unit === 'bytes' ? bytes(n) : num(n);
}

export async function render(root, ctx) {
  const summary = h('div', { class: 'error-summary', id: 'quotas-error' });
  const updated = h('span', { class: 'muted', id: 'quotas-updated' });
  const list = h('div', { id: 'quotas-list' });
  replace(root, h('h1', {}, 'Quotas'), summary,
    h('p', { class: 'muted' }, 'Processors spend each limit less its safety margin; scheduled work also leaves the on-demand reserve. Usage reloads on its own; changes apply on every processor within a second.'),
    h('div', { class: 'toolbar' }, updated), list);

  const usageCells = new Map();

  function form(q) {
    const id = `quota-${q.provider}`;
    const inputs = Object.fromEntries(LIMITS.map(l => [l.key, h('input', { type: 'number', min: 0, step: l.step || '1', value: q[l.key] ?? '',
      readonly: !ctx.admin, placeholder: l.optional ? 'not enforced' : null })]));
    const errors = h('div', { class: 'error-summary', id: `${id}-errors` });
    const f = h('form', { id: `${id}-form`, 'aria-label': `Limits of ${q.provider}`, novalidate: true },
      errors,
      h('div', { class: 'form-grid' }, LIMITS.map(l => field(`${id}-${l.key}`, l.label, inputs[l.key]))),
      ctx.admin ? h('button', { type: 'submit', id: `${id}-save` }, 'Save limits') : null,
      h('span', { class: 'muted' }, ` version ${q.version}, changed `, time(q.updatedAt), q.updatedBy ? ` by ${q.updatedBy}` : ''));
    f.addEventListener('submit', async ev => {
      ev.preventDefault();
      if (!ctx.admin) return;
      const body = { version: q.version };
      for (const l of LIMITS) {
        const v = inputs[l.key].value.trim();
        body[l.key] = v === '' ? null : Number(v);
      }
      try {
        await api(`/api/v1/quotas/${encodeURIComponent(q.provider)}`, { method: 'PUT', body });
        replace(errors);
        ctx.announce(`Limits of ${q.provider} saved`);
        await load();
      } catch (e) {
        problemSummary(errors, e, e.status === 409 ? `Limits of ${q.provider} were changed meanwhile; reload to see them` : `Limits of ${q.provider} not saved`);
      }
    });
    return f;
  }

  function usage(q, forecast) {
    const u = q.usage;
    return [
      h('p', { class: 'usage-now' }, `Now: ${num(u.callsThisMinute)} / ${num(q.callsPerMinute)} calls this minute, ${num(u.callsToday)} / ${num(q.callsPerDay)} today, `
        + `${bytes(u.bytesInWindow)} / ${bytes(q.bytesPerWindow)} in the byte window; reserved ${num(u.reservedCalls)} calls and ${bytes(u.reservedBytes)} `
        + `by ${num(u.processingJobs)} running jobs; 429s / errors in the last hour ${num(u.rateLimitedLastHour)} / ${num(u.errorsLastHour)}.`),
      forecast ? table(`Forecast of ${q.provider}`, [
        { label: 'Window', value: w => w.window }, { label: 'Limit', num: true, value: w => amount(w.unit, w.limit) },
        { label: 'Usable', num: true, value: w => amount(w.unit, w.effectiveLimit) }, { label: 'Used', num: true, value: w => amount(w.unit, w.used) },
        { label: 'Reserved', num: true, value: w => amount(w.unit, w.reserved) }, { label: 'Left', num: true, value: w => amount(w.unit, w.remaining) },
        { label: 'Rate / min', num: true, value: w => amount(w.unit, Math.round(w.ratePerSecond * 60)) },
        { label: 'Resets', value: w => (w.resetsAt ? time(w.resetsAt) : 'rolling') },
        { label: 'Runs out', value: w => (w.exhausted ? badge('spent', 'failed') : w.exhaustedAt ? time(w.exhaustedAt) : 'not at this rate') }],
      forecast.windows, { empty: 'No window is enforced.', rowAttrs: w => ({ 'data-window': w.window, class: w.exhausted ? 'late' : null }) })
        : h('p', { class: 'muted' }, 'No forecast.'),
    ];
  }

  async function load({ usageOnly = false } = {}) {
    const [quotas, forecasts] = await Promise.all([api('/api/v1/quotas'), api('/api/v1/admin/quota/forecast')]);
    const byProvider = new Map(forecasts.map(f => [f.provider, f]));
    if (usageOnly && quotas.every(q => usageCells.has(q.provider)) && quotas.length === usageCells.size) {
      // keep the forms as they are (an admin may be typing), refresh the numbers only
      for (const q of quotas) replace(usageCells.get(q.provider), usage(q, byProvider.get(q.provider)));
    } else {
      usageCells.clear();
      replace(list, quotas.length ? quotas.map(q => {
        const cell = h('div', { class: 'usage', id: `quota-${q.provider}-usage` }, usage(q, byProvider.get(q.provider)));
        usageCells.set(q.provider, cell);
        return h('section', { class: 'card', 'aria-labelledby': `quota-${q.provider}-h`, 'data-provider': q.provider },
          h('h2', { id: `quota-${q.provider}-h` }, q.provider),
          h('div', { class: 'split' }, h('div', {}, h('h3', {}, 'Limits'), form(q)), h('div', {}, h('h3', {}, 'Usage and forecast'), cell)));
      }) : h('p', { class: 'muted' }, 'No provider has a quota.'));
    }
    replace(updated, 'Usage updated ', h('time', { datetime: new Date().toISOString() }, new Date().toLocaleTimeString()));
  }

  await load().catch(e => problemSummary(summary, e, 'Could not load the quotas'));
  const timer = setInterval(() => load({ usageOnly: true }).catch(() => {}), ctx.settings.refreshIntervalMs);
  return () => clearInterval(timer);
}
