// Why a pair is in its state, what holds it and when it will move; the stalest pairs to explain.
import { api } from '../api.js';
import { h, replace, table, badge, field, problemSummary, ago, time, num } from '../dom.js';

export const title = 'Explain';

/** A link to this page for a pair, used by the queue's rows and the stalest pairs. */
export function explainLink(dataType, symbol) {
  const q = new URLSearchParams({ dataType, symbol });
  return h('a', { href: `#/explain?${q}`, class: 'explain-link', 'aria-label': `Explain ${dataType} ${symbol}` }, 'Explain');
}

function seconds(s) {
  if (s === null || s === undefined) return '—';
  return s < 120 ? `${s}s` : s < 7200 ? `${Math.round(s / 60)}m` : s < 172800 ? `${Math.round(s / 3600)}h` : `${Math.round(s / 86400)}d`;
}

/** When the pair is expected to change state, from what holds it and its job. */
function nextMove(x) {
  const until = x.blockers.map(b => b.until).filter(Boolean).sort().at(-1);
  if (until) return ['held until ', time(until)];
  if (x.blockers.length) return 'held until an operator lifts what holds it';
  const j = x.job;
  if (j?.status === 'processing') return ['being refreshed now (lease until ', time(j.leaseExpiresAt), ')'];
  if (j && new Date(j.runAfter) > new Date()) return ['queued, runs after ', time(j.runAfter)];
  if (j) return ['queued and due: the next claim with budget takes it', j.deadlineAt ? [' (deadline ', time(j.deadlineAt), ')'] : ''];
  const f = x.freshness;
  if (f.updatedAt && f.ageSeconds !== null) {
    const aging = new Date(new Date(f.updatedAt).getTime() + f.ttlSeconds * 1000).toISOString();
    return x.viewers.count > 0 || f.refreshMode !== 'on_demand'
      ? ['queued again once its TTL runs out, ', time(aging)]
      : 'nobody views it: refreshed when someone subscribes';
  }
  return x.viewers.count > 0 ? 'queued at the next staleness scan' : 'nobody views it: fetched when someone subscribes';
}

export async function render(root, ctx) {
  const summary = h('div', { class: 'error-summary', id: 'explain-error' });
  const dataType = h('select', { name: 'dataType', required: true });
  const symbol = h('input', { name: 'symbol', size: 12, required: true, autocomplete: 'off' });
  const form = h('form', { class: 'toolbar', id: 'explain-form', 'aria-label': 'Explain a pair' },
    field('x-type', 'Data type', dataType), field('x-symbol', 'Symbol', symbol, 'use * for a global type'),
    h('button', { type: 'submit', id: 'explain-submit' }, 'Explain'));
  const result = h('section', { class: 'card', id: 'explanation', 'aria-labelledby': 'explanation-h', hidden: true });
  const offenders = h('div', { id: 'explain-offenders' });

  replace(root, h('h1', {}, 'Explain'), summary,
    h('section', { class: 'card', 'aria-label': 'Pair to explain' }, form),
    result,
    h('section', { class: 'card', 'aria-labelledby': 'offenders-h' }, h('h2', { id: 'offenders-h' }, 'Stalest pairs'), offenders));

  form.addEventListener('submit', ev => {
    ev.preventDefault();
    const q = new URLSearchParams({ dataType: dataType.value, symbol: symbol.value.trim() });
    // the hash carries the pair, so a link or a reload shows the same explanation
    if (location.hash !== `#/explain?${q}`) location.hash = `#/explain?${q}`; else explain(dataType.value, symbol.value.trim());
  });

  async function explain(type, sym) {
    if (!type || !sym) { problemSummary(summary, new Error('Choose a data type and enter a symbol.'), 'Nothing to explain'); return; }
    try {
      const x = await api(`/api/v1/admin/explain/${encodeURIComponent(type)}/${encodeURIComponent(sym)}`);
      replace(summary);
      const f = x.freshness;
      result.hidden = false;
      replace(result,
        h('h2', { id: 'explanation-h' }, `${x.dataType} ${x.symbol} `, badge(x.state)),
        h('p', { id: 'explain-summary' }, x.summary),
        h('dl', { class: 'detail' }, [
          ['Will move', h('span', { id: 'explain-next' }, nextMove(x))],
          ['Last updated', f.updatedAt ? [time(f.updatedAt), ` (${seconds(f.ageSeconds)} old)`] : 'never'],
          ['TTL / warn / error', `${seconds(f.ttlSeconds)} / ${seconds(f.warnAfterSeconds)} / ${seconds(f.errorAfterSeconds)}`],
          ['Tier, refresh', `${f.tier}, ${f.refreshMode}${f.enabled ? '' : ' (data type disabled)'}${f.checkFailed ? ' — the target table could not be read' : ''}`],
          ['Viewers', x.viewers.count ? [num(x.viewers.count), ', last seen ', ago(x.viewers.lastSeenAt)] : 'none'],
          ['Job', x.job ? `#${x.job.jobId} ${x.job.status}, priority ${x.job.priority}, ${x.job.origin}, attempt ${x.job.attempts} of ${x.job.maxAttempts}` : 'none queued'],
          ...(x.job ? [['Queued', time(x.job.enqueuedAt)], ['Runs after', time(x.job.runAfter)], ['Deadline', time(x.job.deadlineAt)],
            ['Claimed by', x.job.claimedBy || '—'], ['Last error', x.job.lastError || '—']] : []),
          ['Last finished', x.lastFinished ? [`#${x.lastFinished.jobId} ${x.lastFinished.status} `, ago(x.lastFinished.finishedAt),
            x.lastFinished.lastError ? ` — ${x.lastFinished.lastError}` : ''] : '—'],
        ].flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
        h('h3', {}, 'What holds it'),
        h('div', { id: 'explain-blockers' }, table('What holds the pair', [
          { label: 'Kind', value: b => badge(b.kind.replaceAll('_', ' '), 'failed') }, { label: 'Detail', value: b => b.detail },
          { label: 'Until', value: b => time(b.until) }], x.blockers, { empty: 'Nothing holds it.' })));
      result.tabIndex = -1;
      result.focus();
      ctx.announce(`${x.dataType} ${x.symbol}: ${x.state}`);
    } catch (e) {
      result.hidden = true;
      problemSummary(summary, e, `Could not explain ${type} ${sym}`);
    }
  }

  const [types, staleness] = await Promise.all([api('/api/v1/registry').catch(() => []),
    api('/api/v1/admin/features/staleness').catch(e => ({ failed: e }))]);
  for (const t of types) dataType.append(h('option', { value: t.dataType }, t.dataType));
  if (staleness.failed) replace(offenders, h('p', { class: 'muted' }, `Could not load: ${staleness.failed.message}`));
  else {
    replace(offenders, table('Stalest pairs', [
      { label: 'Data type', value: o => o.dataType }, { label: 'Symbol', value: o => o.symbol }, { label: 'Tier', value: o => o.tier },
      { label: 'State', value: o => badge(o.state) }, { label: 'Last updated', value: o => ago(o.lastUpdatedAt) },
      { label: '', value: o => explainLink(o.dataType, o.symbol) }], staleness.worstOffenders,
    { empty: 'No pair is stale.', rowAttrs: o => ({ 'data-pair': `${o.dataType}/${o.symbol}` }) }));
  }

  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  if (params.get('dataType') && params.get('symbol')) {
    dataType.value = params.get('dataType');
    symbol.value = params.get('symbol');
    await explain(params.get('dataType'), params.get('symbol'));
  }
}
