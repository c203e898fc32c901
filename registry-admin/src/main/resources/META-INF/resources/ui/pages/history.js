// Finished jobs, scheduler runs, where job time goes, and who changed what.
import { api } from '../api.js';
import { h, replace, table, badge, field, problemSummary, time, num } from '../dom.js';

export const title = 'History & reports';

const pct = v => `${Math.round((v || 0) * 100)}%`;

export async function render(root) {
  const summary = h('div', { class: 'error-summary', id: 'history-error' });
  const status = h('select', {}, ['', 'completed', 'failed', 'cancelled'].map(s => h('option', { value: s }, s || 'any')));
  const dataType = h('input', { size: 14 });
  const jobs = h('div', { id: 'job-history' });
  const runs = h('div', { id: 'execution-history' });
  const bottlenecks = h('div', { id: 'bottlenecks' });
  const audit = h('div', { id: 'audit-log' });
  const filters = h('form', { class: 'toolbar', 'aria-label': 'Filter finished jobs' },
    field('h-status', 'Status', status), field('h-type', 'Data type', dataType), h('button', { type: 'submit' }, 'Filter'));
  filters.addEventListener('submit', ev => { ev.preventDefault(); loadJobs(); });

  replace(root, h('h1', {}, 'History & reports'), summary,
    h('section', { class: 'card', 'aria-labelledby': 'jh-h' }, h('h2', { id: 'jh-h' }, 'Finished jobs'), filters, jobs),
    h('section', { class: 'card', 'aria-labelledby': 'bn-h' }, h('h2', { id: 'bn-h' }, 'Bottlenecks (last 24 hours)'), bottlenecks),
    h('section', { class: 'card', 'aria-labelledby': 'eh-h' }, h('h2', { id: 'eh-h' }, 'Scheduler executions'), runs),
    h('section', { class: 'card', 'aria-labelledby': 'al-h' }, h('h2', { id: 'al-h' }, 'Audit log'), audit));

  async function loadJobs() {
    try {
      const page = await api('/api/v1/queue/history', { query: { status: status.value, dataType: dataType.value.trim(), limit: 100 } });
      replace(jobs, table('Finished jobs', [
        { label: 'Job', num: true, value: j => j.jobId }, { label: 'Data type', value: j => j.dataType }, { label: 'Symbol', value: j => j.symbol },
        { label: 'Status', value: j => badge(j.status, j.status === 'completed' ? 'fresh' : j.status === 'failed' ? 'failed' : 'idle') },
        { label: 'Attempts', num: true, value: j => j.attempts }, { label: 'Finished', value: j => time(j.finishedAt) },
        { label: 'Wait / fetch / validate / write ms', num: true, value: j => j.queueWaitMs == null ? '—' : `${j.queueWaitMs} / ${j.fetchMs} / ${j.validateMs} / ${j.writeMs}` },
        { label: 'Rows', num: true, value: j => num(j.rowsWritten) }, { label: 'Error', value: j => j.lastError || '—' }], page.items, { empty: 'No finished jobs match.' }));
    } catch (e) { problemSummary(summary, e, 'Could not load the job history'); }
  }

  const [b, e, a] = await Promise.all([
    api('/api/v1/admin/bottlenecks').catch(x => ({ failed: x })),
    api('/api/v1/admin/scheduler/execution-history', { query: { limit: 100 } }).catch(x => ({ failed: x })),
    api('/api/v1/audit', { query: { limit: 100 } }).catch(x => ({ failed: x }))]);
  if (b.failed) problemSummary(summary, b.failed, 'Could not load bottlenecks');
  else replace(bottlenecks,
    h('p', {}, 'Largest phase overall: ', h('strong', {}, b.bottleneck || 'no timings yet'),
      ` — queue wait ${pct(b.shares.queueWait)}, fetch ${pct(b.shares.fetch)}, validate ${pct(b.shares.validate)}, write ${pct(b.shares.write)}`),
    table('Bottlenecks per data type', [
      { label: 'Data type', value: d => d.dataType }, { label: 'Jobs', num: true, value: d => num(d.jobs) }, { label: 'Failed', num: true, value: d => num(d.failed) },
      { label: 'Queue wait', num: true, value: d => pct(d.shares.queueWait) }, { label: 'Fetch', num: true, value: d => pct(d.shares.fetch) },
      { label: 'Validate', num: true, value: d => pct(d.shares.validate) }, { label: 'Write', num: true, value: d => pct(d.shares.write) },
      { label: 'p95 fetch ms', num: true, value: d => num(d.p95?.fetchMs) }, { label: 'Bottleneck', value: d => d.bottleneck || '—' }], b.dataTypes, { empty: 'No finished jobs with timings.' }));
  if (e.failed) problemSummary(summary, e.failed, 'Could not load scheduler executions');
  else replace(runs, table('Scheduler executions', [
    { label: 'Task', value: r => r.task }, { label: 'Instance', value: r => r.instanceId }, { label: 'Started', value: r => time(r.startedAt) },
    { label: 'Status', value: r => badge(r.status, r.status === 'succeeded' ? 'fresh' : r.status === 'failed' ? 'failed' : 'idle') },
    { label: 'Examined', num: true, value: r => num(r.itemsExamined) }, { label: 'Enqueued', num: true, value: r => num(r.jobsEnqueued) },
    { label: 'Error', value: r => r.error || '—' }], e.items, { empty: 'No scheduler runs recorded.' }));
  if (a.failed) problemSummary(summary, a.failed, 'Could not load the audit log');
  else replace(audit, table('Audit log', [
    { label: 'When', value: r => time(r.changedAt || r.at || r.createdAt) }, { label: 'Who', value: r => r.actor },
    { label: 'What', value: r => `${r.action || ''} ${r.entityType || ''} ${r.entityId || ''}`.trim() },
    { label: 'Change', value: r => h('details', {}, h('summary', {}, 'before / after'), h('pre', {}, JSON.stringify({ before: r.before, after: r.after }, null, 2))) }],
    a.items, { empty: 'No changes recorded.' }));
  await loadJobs();
}
