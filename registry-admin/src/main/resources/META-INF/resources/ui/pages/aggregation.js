// Bar aggregation: lag and quality per timeframe; the tasks, their settings, and the reset of a hard-failed one.
import { api } from '../api.js';
import { h, replace, table, badge, field, problemSummary, change, ago, num } from '../dom.js';

export const title = 'Aggregation';

function percent(share) {
  return share === null || share === undefined ? '—' : `${(share * 100).toFixed(1)} %`;
}

function minutes(m) {
  return m === null || m === undefined ? '—' : `${num(Math.round(Number(m)))} min`;
}

export async function render(root, ctx) {
  const summary = h('div', { class: 'error-summary', id: 'aggregation-error' });
  const timeframes = h('div', { id: 'aggregation-timeframes' });
  const tasks = h('div', { id: 'aggregation-tasks' });
  const status = h('select', { name: 'status' }, ['', 'hard_failed', 'running', 'idle'].map(s => h('option', { value: s }, s || 'any')));
  const timeframe = h('select', { name: 'timeframe' }, h('option', { value: '' }, 'any'));
  const filters = h('form', { class: 'toolbar', id: 'aggregation-filters', 'aria-label': 'Filter tasks' },
    field('a-status', 'Status', status), field('a-timeframe', 'Timeframe', timeframe), h('button', { type: 'submit' }, 'Filter'));
  filters.addEventListener('submit', ev => { ev.preventDefault(); load(); });

  replace(root, h('h1', {}, 'Bar aggregation'), summary,
    h('section', { class: 'card', 'aria-labelledby': 'timeframes-h' },
      h('h2', { id: 'timeframes-h' }, 'Lag and quality per timeframe'),
      h('p', { class: 'muted' }, 'Lag: minutes from a task\'s cursor to its symbol\'s latest 1-minute bar. Quality: bars built in the report window that had every 1-minute bar they cover.'),
      timeframes),
    h('section', { class: 'card', 'aria-labelledby': 'tasks-h' }, h('h2', { id: 'tasks-h' }, 'Tasks (hard-failed first)'), filters, tasks));

  const act = (call, what) => change(summary, ctx, load, call, what);

  function settings(t) {
    const key = `${t.symbol}-${t.timeframe}`;
    const priority = h('input', { type: 'number', min: 0, max: 10000, value: t.taskPriority, size: 6, 'aria-label': `Priority of ${t.symbol} ${t.timeframe}` });
    const enabled = h('input', { type: 'checkbox', checked: t.enabled, 'aria-label': `${t.symbol} ${t.timeframe} enabled` });
    const mandatory = h('input', { type: 'checkbox', checked: t.mandatory, 'aria-label': `${t.symbol} ${t.timeframe} mandatory` });
    const path = `/api/v1/aggregation/${encodeURIComponent(t.symbol)}/${encodeURIComponent(t.timeframe)}`;
    // novalidate: the API's messages, not the browser's, say what is wrong
    return h('form', { class: 'actions', 'data-settings': key, novalidate: true, onsubmit: ev => {
      ev.preventDefault();
      act(() => api(path, { method: 'PUT', body: { enabled: enabled.checked, taskPriority: priority.value === '' ? null : Number(priority.value), mandatory: mandatory.checked } }),
        `Settings of ${t.symbol} ${t.timeframe} saved`);
    } },
    h('label', {}, enabled, ' enabled'), h('label', {}, mandatory, ' mandatory'), priority,
    h('button', { type: 'submit', class: 'secondary', 'aria-label': `Save settings of ${t.symbol} ${t.timeframe}` }, 'Save'),
    t.status === 'hard_failed' ? h('button', { type: 'button', class: 'danger', 'aria-label': `Reset ${t.symbol} ${t.timeframe}`, onclick: () => {
      if (confirm(`Reset the hard-failed task ${t.symbol} ${t.timeframe}? It runs again at once.`)) act(() => api(`${path}/reset`, { method: 'POST' }), `Reset of ${t.symbol} ${t.timeframe}`);
    } }, 'Reset') : null);
  }

  async function load() {
    try {
      const [perTimeframe, list] = await Promise.all([api('/api/v1/aggregation/timeframes'),
        api('/api/v1/aggregation', { query: { status: status.value, timeframe: timeframe.value } })]);
      replace(timeframes, table('Lag and quality per timeframe', [
        { label: 'Timeframe', value: t => t.timeframe }, { label: 'Tasks', num: true, value: t => num(t.tasks) },
        { label: 'Enabled', num: true, value: t => num(t.enabledTasks) }, { label: 'Hard-failed', num: true, value: t => num(t.hardFailed) },
        { label: 'Max lag', num: true, value: t => minutes(t.maxLagMinutes) }, { label: 'Mean lag', num: true, value: t => minutes(t.meanLagMinutes) },
        { label: 'Bars', num: true, value: t => num(t.bars) }, { label: 'Full quality', num: true, value: t => percent(t.fullQualityShare) },
        { label: 'Mean quality', num: true, value: t => (t.meanQuality == null ? '—' : Number(t.meanQuality).toFixed(3)) }],
      perTimeframe, { empty: 'No aggregation tasks or bars yet.', rowAttrs: t => ({ 'data-timeframe': t.timeframe, class: t.hardFailed ? 'late' : null }) }));
      if (timeframe.options.length === 1) for (const t of perTimeframe) timeframe.append(h('option', { value: t.timeframe }, t.timeframe));
      replace(tasks, table('Aggregation tasks', [
        { label: 'Symbol', value: t => t.symbol }, { label: 'Timeframe', value: t => t.timeframe },
        { label: 'Status', value: t => badge(t.status.replace('_', '-'), t.status === 'hard_failed' ? 'failed' : t.status === 'running' ? 'aging' : 'fresh') },
        { label: 'Lag', num: true, value: t => minutes(t.lagMinutes) }, { label: 'Fail streak', num: true, value: t => num(t.hardFailStreak) },
        { label: 'Last error', value: t => t.lastError || '—' }, { label: 'Last success', value: t => ago(t.lastSuccessfulAt) },
        { label: 'Next run', value: t => ago(t.nextRunAt) },
        ctx.admin ? { label: 'Settings', value: settings }
          : { label: 'Settings', value: t => `${t.enabled ? 'enabled' : 'disabled'}, priority ${t.taskPriority}${t.mandatory ? ', mandatory' : ''}` }],
      list, { empty: 'No task matches.', rowAttrs: t => ({ 'data-task': `${t.symbol}/${t.timeframe}`, class: t.status === 'hard_failed' ? 'late' : null }) }));
    } catch (e) { problemSummary(summary, e, 'Could not load the aggregation'); }
  }

  await load();
}
