// The queue, throughput, quotas, freshness, circuits, scheduler and aggregation at a glance; reloads itself.
import { api, ApiError } from '../api.js';
import { h, replace, table, badge, ago, num, bytes } from '../dom.js';

export const title = 'Overview';

const COLORS = { pending: '#1f5fbf', processing: '#9a6700', completed: '#1b7a3a', failed: '#b42318', cancelled: '#7a7f88',
  fresh: '#1b7a3a', aging: '#d4a017', stale: '#b42318', missing: '#7a7f88', used: '#1f5fbf', reserved: '#d4a017', limit: '#c8ccd4' };

function minuteLabel(iso) {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function chartCard(id, heading, description) {
  return h('section', { class: 'card', 'aria-labelledby': `${id}-h` },
    h('h2', { id: `${id}-h` }, heading),
    h('div', { class: 'chart-box' }, h('canvas', { id, role: 'img', 'aria-label': description })),
    h('div', { id: `${id}-table`, class: 'visually-hidden' }));
}

/** Creates the chart once, then swaps its data so reloads do not flicker or leak canvases. */
function draw(charts, id, config) {
  const existing = charts.get(id);
  if (existing) {
    existing.data = config.data;
    existing.update('none');
    return;
  }
  const canvas = document.getElementById(id);
  if (!canvas || !window.Chart) return;
  charts.set(id, new window.Chart(canvas, { ...config, options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options } }));
}

export async function render(root, ctx) {
  const charts = new Map();
  const updated = h('span', { class: 'muted', id: 'overview-updated' });
  const pause = h('button', { type: 'button', class: 'secondary', id: 'overview-pause', 'aria-pressed': 'false' }, 'Pause auto-refresh');
  const error = h('div', { class: 'error-summary', id: 'overview-error' });
  const quotasTable = h('div', { id: 'quota-table' });
  const freshness = h('div', { id: 'freshness-table' });
  const circuits = h('div', { id: 'circuits' });
  const scheduler = h('div', { id: 'scheduler' });
  const aggregation = h('div', { id: 'aggregation' });
  const stats = h('div', { id: 'queue-now' });

  replace(root,
    h('h1', {}, 'Overview'),
    h('div', { class: 'toolbar' }, pause, updated),
    error,
    h('section', { class: 'card', 'aria-labelledby': 'now-h' }, h('h2', { id: 'now-h' }, 'Queue now'), stats),
    h('div', { class: 'grid' },
      chartCard('chart-depth', `Queue depth by status (last ${ctx.settings.timelineMinutes} minutes)`, 'Line chart of pending and processing jobs per minute'),
      chartCard('chart-throughput', 'Jobs finished per minute', 'Bar chart of completed and failed jobs per minute'),
      h('section', { class: 'card', 'aria-labelledby': 'chart-quota-h' },
        h('h2', { id: 'chart-quota-h' }, 'Quota this minute: used and reserved vs limit'),
        h('div', { class: 'chart-box' }, h('canvas', { id: 'chart-quota', role: 'img', 'aria-label': 'Bar chart of calls used and reserved against the per-minute limit for each provider' })),
        quotasTable),
      h('section', { class: 'card', 'aria-labelledby': 'chart-freshness-h' },
        h('h2', { id: 'chart-freshness-h' }, 'Freshness per tier'),
        h('div', { class: 'chart-box' }, h('canvas', { id: 'chart-freshness', role: 'img', 'aria-label': 'Stacked bar chart of fresh, aging, stale and missing pairs per tier' })),
        freshness),
      h('section', { class: 'card', 'aria-labelledby': 'circuits-h' }, h('h2', { id: 'circuits-h' }, 'Circuit breakers'), circuits),
      h('section', { class: 'card', 'aria-labelledby': 'scheduler-h' }, h('h2', { id: 'scheduler-h' }, 'Scheduler health'), scheduler),
      h('section', { class: 'card', 'aria-labelledby': 'aggregation-h' }, h('h2', { id: 'aggregation-h' }, 'Bar aggregation'), aggregation)));

  async function load() {
    const optional = p => p.catch(e => ({ failed: e }));
    const [timeline, quotas, staleness, circuitRows, health, queueStats, agg] = await Promise.all([
      optional(api('/api/v1/ui/timeline')), optional(api('/api/v1/quotas')),
      optional(api('/api/v1/admin/features/staleness')), optional(api('/api/v1/ui/circuits')),
      optional(api('/api/v1/admin/scheduler-health')), optional(api('/api/v1/queue/stats', { query: { since: new Date(Date.now() - 3600_000).toISOString() } })),
      optional(api('/api/v1/aggregation'))]);
    const failures = [timeline, quotas, staleness, circuitRows, health, queueStats].filter(r => r?.failed);
    if (failures.some(f => f.failed.status === 401)) return;
    replace(error, failures.length ? h('p', {}, `Some panels could not be loaded: ${failures.map(f => f.failed.message).join('; ')}`) : null);

    if (!queueStats.failed) {
      const t = queueStats.totals;
      replace(stats, h('p', {},
        `Pending ${num(t.pending)} (backing off ${num(t.backingOff)}) · processing ${num(t.processing)} · last hour: completed ${num(t.completed)}, failed ${num(t.failed)}, cancelled ${num(t.cancelled)}`));
    }
    if (!timeline.failed) {
      const labels = timeline.minutes.map(m => minuteLabel(m.minute));
      draw(charts, 'chart-depth', { type: 'line', data: { labels, datasets: ['pending', 'processing'].map(k => ({
        label: k, data: timeline.minutes.map(m => m[k]), borderColor: COLORS[k], backgroundColor: COLORS[k], pointRadius: 0, tension: .2 })) },
        options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } } });
      draw(charts, 'chart-throughput', { type: 'bar', data: { labels, datasets: ['completed', 'failed'].map(k => ({
        label: k, data: timeline.minutes.map(m => m[k]), backgroundColor: COLORS[k] })) },
        options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } } });
    }
    if (!quotas.failed) {
      draw(charts, 'chart-quota', { type: 'bar', data: { labels: quotas.map(q => q.provider), datasets: [
        { label: 'used', data: quotas.map(q => q.usage.callsThisMinute), backgroundColor: COLORS.used, stack: 'use' },
        { label: 'reserved', data: quotas.map(q => q.usage.reservedCalls), backgroundColor: COLORS.reserved, stack: 'use' },
        { label: 'limit per minute', data: quotas.map(q => q.callsPerMinute ?? 0), backgroundColor: COLORS.limit, stack: 'limit' }] },
        options: { indexAxis: 'y', scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } } });
      replace(quotasTable, table('Quota use per provider', [
        { label: 'Provider', value: q => q.provider },
        { label: 'Calls this minute', num: true, value: q => `${num(q.usage.callsThisMinute)} / ${num(q.callsPerMinute)}` },
        { label: 'Reserved', num: true, value: q => num(q.usage.reservedCalls) },
        { label: 'Calls today', num: true, value: q => `${num(q.usage.callsToday)} / ${num(q.callsPerDay)}` },
        { label: 'Bytes in window', num: true, value: q => `${bytes(q.usage.bytesInWindow)} / ${bytes(q.bytesPerWindow)}` },
        { label: '429s / errors (1 h)', num: true, value: q => `${num(q.usage.rateLimitedLastHour)} / ${num(q.usage.errorsLastHour)}` }], quotas));
    }
    if (!staleness.failed) {
      const states = ['fresh', 'aging', 'stale', 'missing'];
      draw(charts, 'chart-freshness', { type: 'bar', data: { labels: staleness.tiers.map(t => t.tier), datasets: states.map(s => ({
        label: s, data: staleness.tiers.map(t => t.counts[s]), backgroundColor: COLORS[s] })) },
        options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } } });
      replace(freshness, table('Freshness per tier', [{ label: 'Tier', value: t => t.tier },
        ...states.map(s => ({ label: s, num: true, value: t => num(t.counts[s]) }))], staleness.tiers, { empty: 'No freshness recorded yet.' }));
    }
    if (!circuitRows.failed) {
      replace(circuits, table('Circuit state per provider and processor', [
        { label: 'Provider', value: c => c.provider }, { label: 'Processor', value: c => c.instanceId },
        { label: 'State', value: c => badge(c.state.replace('_', '-'), c.state) },
        { label: 'Since', value: c => ago(c.changedAt) }, { label: 'Open until', value: c => c.openUntil ? ago(c.openUntil) : '—' },
        { label: 'Last error', value: c => c.lastError || '—' }], circuitRows, { empty: 'No processor has reported a circuit yet (all closed).' }));
    }
    if (!health.failed) {
      const late = t => t.lastStatus === 'failed' || health.problems.some(p => p.includes(t.task));
      replace(scheduler,
        h('p', {}, 'Status: ', badge(health.status), health.problems.length ? ` — ${health.problems.join('; ')}` : ''),
        table('Scheduler tasks', [
          { label: 'Task', value: t => t.task }, { label: 'Last run', value: t => ago(t.lastStartedAt) },
          { label: 'Last status', value: t => t.lastStatus ? badge(t.lastStatus, t.lastStatus === 'failed' ? 'failed' : t.lastStatus === 'succeeded' ? 'fresh' : 'idle') : '—' },
          { label: 'Runs', num: true, value: t => num(t.runs) }, { label: 'Failures', num: true, value: t => num(t.failures) },
          { label: 'Mean ms', num: true, value: t => t.avgDurationMs == null ? '—' : Math.round(t.avgDurationMs) }],
          health.tasks, { empty: 'No scheduler runs yet.', rowAttrs: t => (late(t) ? { class: 'late', 'aria-label': `${t.task}: late or failing` } : {}) }),
        h('p', { class: 'muted' }, `Expired leases: ${num(health.queue.expiredLeases)} · oldest due job waiting: ${health.queue.oldestDueAgeSeconds == null ? '—' : `${health.queue.oldestDueAgeSeconds}s`}`));
    }
    renderAggregation(aggregation, agg);
    replace(updated, 'Updated ', h('time', { datetime: new Date().toISOString() }, new Date().toLocaleTimeString()));
  }

  let timer = null;
  const schedule = () => { timer = setInterval(() => load().catch(() => {}), ctx.settings.refreshIntervalMs); };
  pause.addEventListener('click', () => {
    const paused = pause.getAttribute('aria-pressed') === 'true';
    pause.setAttribute('aria-pressed', String(!paused));
    pause.textContent = paused ? 'Pause auto-refresh' : 'Resume auto-refresh';
    if (paused) schedule(); else { clearInterval(timer); timer = null; }
    ctx.announce(paused ? 'Auto-refresh resumed' : 'Auto-refresh paused');
  });
  await load().catch(e => problemText(error, e));
  schedule();
  return () => { clearInterval(timer); charts.forEach(c => c.destroy()); };
}

function problemText(el, e) {
  replace(el, h('p', {}, e.message));
}

/** Aggregation state comes from its own API when that is installed; otherwise a note. */
function renderAggregation(el, agg) {
  if (agg?.failed) {
    replace(el, h('p', { class: 'muted' }, agg.failed instanceof ApiError && agg.failed.status === 404
      ? 'Bar aggregation is not available in this build.' : `Could not load: ${agg.failed.message}`));
    return;
  }
  const rows = Array.isArray(agg) ? agg : Array.isArray(agg?.items) ? agg.items : agg ? [agg] : [];
  if (!rows.length) { replace(el, h('p', { class: 'muted' }, 'No aggregation state yet.')); return; }
  const keys = [...new Set(rows.flatMap(r => Object.keys(r)))].filter(k => rows.every(r => typeof r[k] !== 'object' || r[k] === null)).slice(0, 8);
  replace(el, table('Aggregation state', keys.map(k => ({ label: k, value: r => (r[k] ?? '—').toString(), num: typeof rows[0][k] === 'number' })), rows));
}
