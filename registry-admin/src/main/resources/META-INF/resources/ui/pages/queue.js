// The hot queue by status and data type, a job's detail, retry and cancel; recent failures to retry.
import { api } from '../api.js';
import { h, replace, table, badge, field, problemSummary, ago, time, num } from '../dom.js';
import { explainLink } from './explain.js';

export const title = 'Queue';

export async function render(root, ctx) {
  const summary = h('div', { class: 'error-summary', id: 'queue-error' });
  const status = h('select', { name: 'status' }, ['', 'pending', 'processing'].map(s => h('option', { value: s }, s || 'any')));
  const dataType = h('select', { name: 'dataType' }, h('option', { value: '' }, 'any'));
  const symbol = h('input', { name: 'symbol', size: 10 });
  const jobs = h('div', { id: 'queue-jobs' });
  const failed = h('div', { id: 'queue-failed' });
  const detail = h('section', { class: 'card', id: 'job-detail', 'aria-labelledby': 'job-detail-h', hidden: true });
  const stats = h('p', { id: 'queue-stats' });
  const filters = h('form', { class: 'toolbar', id: 'queue-filters', 'aria-label': 'Filter jobs' },
    field('q-status', 'Status', status), field('q-type', 'Data type', dataType), field('q-symbol', 'Symbol', symbol),
    h('button', { type: 'submit' }, 'Filter'));
  filters.addEventListener('submit', ev => { ev.preventDefault(); load(); });

  const manualType = h('select', {});
  const manualSymbol = h('input', { size: 10 });
  const manual = ctx.admin ? h('form', { class: 'toolbar', id: 'manual-refresh', 'aria-label': 'Queue a manual refresh' },
    field('m-type', 'Data type', manualType), field('m-symbol', 'Symbol', manualSymbol, 'use * for a global type'),
    h('button', { type: 'submit' }, 'Refresh now')) : null;
  manual?.addEventListener('submit', async ev => {
    ev.preventDefault();
    await act(() => api('/api/v1/queue/jobs', { method: 'POST', body: { dataType: manualType.value, symbol: manualSymbol.value.trim() } }), 'Refresh');
  });

  replace(root, h('h1', {}, 'Queue'), summary, stats,
    manual ? h('section', { class: 'card', 'aria-label': 'Manual refresh' }, manual) : null,
    h('section', { class: 'card', 'aria-labelledby': 'jobs-h' }, h('h2', { id: 'jobs-h' }, 'Queued and running jobs'), filters, jobs),
    detail,
    h('section', { class: 'card', 'aria-labelledby': 'failed-h' }, h('h2', { id: 'failed-h' }, 'Failed and cancelled in the last 24 hours'), failed));

  async function act(call, what) {
    try {
      const r = await call();
      replace(summary);
      ctx.announce(`${what}: ${r.outcome.replace('_', ' ')}${r.jobId ? ` (job ${r.jobId})` : ''}`);
    } catch (e) { problemSummary(summary, e, `${what} failed`); }
    await load();
  }

  const controls = j => ctx.admin ? h('div', { class: 'actions' },
    h('button', { type: 'button', class: 'secondary', 'aria-label': `Retry job ${j.jobId}`, onclick: () => act(() => api(`/api/v1/queue/jobs/${j.jobId}/retry`, { method: 'POST' }), `Retry of job ${j.jobId}`) }, 'Retry'),
    j.status === 'pending' ? h('button', { type: 'button', class: 'danger', 'aria-label': `Cancel job ${j.jobId}`, onclick: () => { if (confirm(`Cancel job ${j.jobId} (${j.dataType} ${j.symbol})?`)) act(() => api(`/api/v1/queue/jobs/${j.jobId}/cancel`, { method: 'POST' }), `Cancel of job ${j.jobId}`); } }, 'Cancel') : null) : null;

  function show(j) {
    detail.hidden = false;
    replace(detail, h('h2', { id: 'job-detail-h' }, `Job ${j.jobId}: ${j.dataType} ${j.symbol}`),
      h('dl', { class: 'detail' }, [
        ['Status', badge(j.status, j.status === 'failed' ? 'failed' : 'idle')], ['Provider', j.provider], ['Origin', j.origin],
        ['Priority', j.priority], ['Viewers', j.viewerCount], ['Attempts', j.maxAttempts ? `${j.attempts} of ${j.maxAttempts}` : j.attempts],
        ['Last error', j.lastError || '—'], ['Enqueued', time(j.enqueuedAt)], ['Run after', time(j.runAfter)], ['Claimed', time(j.claimedAt)],
        ['Claimed by', j.claimedBy || '—'], ['Lease expires', time(j.leaseExpiresAt)], ['Finished', time(j.finishedAt)],
        ['Why', explainLink(j.dataType, j.symbol)], ['HTTP status', j.httpStatus ?? '—'], ['Timings (wait / fetch / validate / write ms)',
          j.queueWaitMs == null ? '—' : `${j.queueWaitMs} / ${j.fetchMs} / ${j.validateMs} / ${j.writeMs}`],
        ['Reserved', j.reservedCalls == null ? '—' : `${j.reservedCalls} calls, ${j.reservedBytes} bytes`],
      ].flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
      controls(j) || '');
    detail.tabIndex = -1;
    detail.focus();
  }

  const columns = [
    { label: 'Job', num: true, value: j => h('button', { type: 'button', class: 'secondary', 'aria-label': `Details of job ${j.jobId}`, onclick: () => show(j) }, String(j.jobId)) },
    { label: 'Data type', value: j => j.dataType }, { label: 'Symbol', value: j => j.symbol },
    { label: 'Status', value: j => badge(j.status, j.status === 'failed' ? 'failed' : j.status === 'processing' ? 'aging' : 'idle') },
    { label: 'Priority', num: true, value: j => j.priority }, { label: 'Attempts', num: true, value: j => j.attempts },
    { label: 'Last error', value: j => j.lastError || '—' },
    { label: 'Why', value: j => explainLink(j.dataType, j.symbol) },
  ];

  async function load() {
    try {
      const [page, history, st] = await Promise.all([
        api('/api/v1/queue/jobs', { query: { status: status.value, dataType: dataType.value, symbol: symbol.value.trim(), limit: 200 } }),
        Promise.all(['failed', 'cancelled'].map(s => api('/api/v1/queue/history', { query: { status: s, dataType: dataType.value, since: new Date(Date.now() - 86400_000).toISOString(), limit: 100 } }))),
        api('/api/v1/queue/stats')]);
      const t = st.totals;
      replace(stats, `Pending ${num(t.pending)} (backing off ${num(t.backingOff)}), processing ${num(t.processing)}; in 24 h completed ${num(t.completed)}, failed ${num(t.failed)}, cancelled ${num(t.cancelled)}.`);
      replace(jobs, table('Queued and running jobs', [...columns, { label: 'Enqueued', value: j => ago(j.enqueuedAt) },
        ...(ctx.admin ? [{ label: 'Actions', value: controls }] : [])], page.items,
        { empty: 'No queued job matches.', rowAttrs: j => ({ 'data-job': j.jobId }) }));
      const finished = history.flatMap(p => p.items).sort((a, b) => b.finishedAt.localeCompare(a.finishedAt));
      replace(failed, table('Failed and cancelled jobs', [...columns, { label: 'Finished', value: j => ago(j.finishedAt) },
        ...(ctx.admin ? [{ label: 'Actions', value: controls }] : [])], finished,
        { empty: 'No failures in the last 24 hours.', rowAttrs: j => ({ 'data-job': j.jobId }) }));
    } catch (e) { problemSummary(summary, e, 'Could not load the queue'); }
  }

  const types = await api('/api/v1/registry').catch(() => []);
  for (const t of types) {
    dataType.append(h('option', { value: t.dataType }, t.dataType));
    manualType.append(h('option', { value: t.dataType }, t.dataType));
  }
  await load();
}
