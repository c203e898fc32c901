// Rollout: each data type's state (off → shadow → live, paused), its transitions, and the shadow
// comparison that decides a switch to live.
import { api } from '../api.js';
import { h, replace, table, badge, problemSummary, ago, num, time } from '../dom.js';

export const title = 'Rollout';

const STATE_CLASS = { off: 'missing', shadow: 'shadow', live: 'fresh', paused: 'aging' };
const ACTION = { off: 'Switch off', shadow: 'To shadow', live: 'To live', paused: 'Pause' };
const CONFIRM = {
  off: 'Pending jobs are cancelled and viewers are answered "disabled"; the other system owns the data again.',
  shadow: 'Freshet fetches and compares; the live table is left alone.',
  live: 'Freshet writes the live table from now on: stop the other system\'s refresh of this data type.',
  paused: 'Nothing is queued or claimed; queued jobs wait until the data type resumes.',
};
const WINDOWS = [['1 hour', 3600], ['24 hours', 86400], ['7 days', 604800]];

export function rolloutBadge(state) {
  return badge(state, STATE_CLASS[state] || state);
}

function pct(rate) {
  return rate === undefined || rate === null ? '—' : `${(rate * 100).toFixed(rate === 1 ? 0 : 2)} %`;
}

function value(v) {
  return v === undefined || v === null ? 'null' : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

export async function render(root, ctx) {
  const summary = h('div', { class: 'error-summary', id: 'rollout-error' });
  const list = h('div', { id: 'rollout-list' });
  const comparison = h('section', { class: 'card', id: 'rollout-comparison', 'aria-label': 'Shadow comparison' });
  replace(root, h('h1', {}, 'Rollout'), summary,
    h('p', { class: 'muted' }, 'Adopt one data type at a time: off → shadow (compare) → live; pause or roll back in one step.'),
    h('section', { class: 'card', 'aria-label': 'Data types' }, list), comparison);

  async function move(d, to) {
    if (!confirm(`${ACTION[to]}: ${d.dataType} (now ${d.rolloutState})? ${CONFIRM[to]} Every service follows within a second.`)) return;
    try {
      const r = await api(`/api/v1/rollout/${encodeURIComponent(d.dataType)}`, { method: 'PUT', body: { state: to } });
      replace(summary);
      ctx.announce(`${d.dataType} is ${r.rolloutState}${r.cancelledJobs ? `, ${r.cancelledJobs} pending job(s) cancelled` : ''}`);
    } catch (e) {
      problemSummary(summary, e, `${d.dataType} not changed`);
    }
    await load();
  }

  async function compare(dataType, seconds) {
    const since = new Date(Date.now() - seconds * 1000).toISOString();
    replace(comparison, h('p', { class: 'muted' }, `Comparing ${dataType}…`));
    try {
      const c = await api(`/api/v1/rollout/${encodeURIComponent(dataType)}/comparison`, { query: { since } });
      replace(comparison,
        h('h2', {}, `Shadow comparison: ${c.dataType} `, rolloutBadge(c.rolloutState)),
        h('div', { class: 'toolbar' }, WINDOWS.map(([label, s]) => h('button', {
          type: 'button', class: s === seconds ? null : 'secondary', 'aria-pressed': String(s === seconds),
          onclick: () => compare(dataType, s) }, `Last ${label}`))),
        h('dl', { class: 'facts', id: 'comparison-facts' },
          h('dt', {}, 'Match rate'), h('dd', { id: 'comparison-match-rate' }, pct(c.matchRate)),
          h('dt', {}, 'Refreshes compared'), h('dd', {}, num(c.refreshesCompared)),
          h('dt', {}, 'Rows compared'), h('dd', {}, num(c.rowsCompared)),
          h('dt', {}, 'Rows matching'), h('dd', {}, num(c.rowsMatching)),
          h('dt', {}, 'Rows differing'), h('dd', {}, num(c.rowsDiffering)),
          h('dt', {}, 'Missing in the live table'), h('dd', {}, num(c.missingInLive)),
          h('dt', {}, 'Missing in the new fetch'), h('dd', {}, num(c.missingInNew)),
          h('dt', {}, 'Window'), h('dd', {}, time(c.since), ' – ', time(c.until))),
        h('h3', {}, 'Columns that differ'),
        table('Columns that differ', [
          { label: 'Column', value: r => r.column }, { label: 'Rows', num: true, value: r => num(r.rows) }],
          c.columnsDiffering || [], { empty: 'No column differs.' }),
        h('h3', {}, 'Newest differences (old = live table, new = fetched)'),
        table('Sample differences', [
          { label: 'Symbol', value: s => s.symbol }, { label: 'Key', value: s => value(s.rowKey) },
          { label: 'Kind', value: s => s.kind }, { label: 'Recorded', value: s => ago(s.recordedAt) },
          { label: 'Old → new', value: s => s.kind === 'differs'
            ? h('ul', {}, (s.columns || []).map(d => h('li', {}, `${d.column}: ${value(d.liveValue)} → ${value(d.newValue)}`)))
            : value(s.kind === 'missingInLive' ? s.newRow : s.liveRow) }],
          c.samples || [], { empty: 'No differences in this window.' }));
    } catch (e) {
      replace(comparison);
      problemSummary(summary, e, `No comparison for ${dataType}`);
    }
  }

  async function load() {
    const rows = await api('/api/v1/rollout');
    replace(list, table('Rollout states', [
      { label: 'Data type', value: d => h('span', { title: d.displayName }, d.dataType) },
      { label: 'State', value: d => rolloutBadge(d.rolloutState) },
      { label: 'Changed', value: d => h('span', {}, ago(d.updatedAt), d.updatedBy ? ` by ${d.updatedBy}` : '') },
      { label: 'Compare', value: d => h('button', { type: 'button', class: 'secondary', 'aria-label': `Compare ${d.dataType}`,
        onclick: () => compare(d.dataType, 86400) }, 'Compare') },
      ...(ctx.admin ? [{ label: 'Move to', value: d => h('div', { class: 'actions' }, d.next.map(to => h('button', {
        type: 'button', class: to === 'off' ? 'danger' : 'secondary', 'aria-label': `${ACTION[to]} ${d.dataType}`,
        onclick: () => move(d, to) }, ACTION[to]))) }] : [])],
      rows, { empty: 'No data types.', rowAttrs: d => ({ 'data-type': d.dataType }) }));
  }

  await load().catch(e => problemSummary(summary, e, 'Could not load the rollout states'));
  const wanted = new URLSearchParams(location.hash.split('?')[1] || '').get('dataType');
  if (wanted) await compare(wanted, 86400);
}
