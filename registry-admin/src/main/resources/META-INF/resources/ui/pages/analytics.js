// Subscription analytics: viewers per data type over time and the most viewed pairs.
import { api } from '../api.js';
import { h, replace, table, field, problemSummary, time, num } from '../dom.js';
import { explainLink } from './explain.js';

export const title = 'Analytics';

const PALETTE = ['#1f5fbf', '#1b7a3a', '#9a6700', '#b42318', '#6b3fa0', '#0f7b8a', '#7a7f88', '#c2410c'];

export async function render(root, ctx) {
  const summary = h('div', { class: 'error-summary', id: 'analytics-error' });
  const bucket = h('select', { name: 'bucket' }, h('option', { value: 'hour' }, 'hour (last 24 h)'), h('option', { value: 'day' }, 'day (last 30 days)'));
  const dataType = h('select', { name: 'dataType' }, h('option', { value: '' }, 'any'));
  const symbol = h('input', { name: 'symbol', size: 10 });
  const form = h('form', { class: 'toolbar', id: 'analytics-filters', 'aria-label': 'Choose the views to show' },
    field('an-bucket', 'Bucket', bucket), field('an-type', 'Data type', dataType), field('an-symbol', 'Symbol', symbol),
    h('button', { type: 'submit' }, 'Show'));
  form.addEventListener('submit', ev => { ev.preventDefault(); load(); });
  const seriesTable = h('div', { id: 'analytics-series', class: 'visually-hidden' });
  const top = h('div', { id: 'analytics-top' });
  let chart = null;

  replace(root, h('h1', {}, 'Subscription analytics'), summary,
    h('p', { class: 'muted' }, 'Viewers: for each symbol its peak number of viewers present in the bucket, added up per data type.'),
    h('section', { class: 'card', 'aria-label': 'Filters' }, form),
    h('section', { class: 'card', 'aria-labelledby': 'analytics-chart-h' },
      h('h2', { id: 'analytics-chart-h' }, 'Viewers per data type'),
      h('div', { class: 'chart-box' }, h('canvas', { id: 'chart-views', role: 'img', 'aria-label': 'Line chart of viewers per data type over time' })),
      seriesTable),
    h('section', { class: 'card', 'aria-labelledby': 'analytics-top-h' }, h('h2', { id: 'analytics-top-h' }, 'Most viewed pairs'), top));

  async function load() {
    try {
      const a = await api('/api/v1/admin/analytics/views', { query: { bucket: bucket.value, dataType: dataType.value, symbol: symbol.value.trim() } });
      replace(summary);
      const buckets = [...new Set(a.series.map(p => p.bucket))].sort();
      const types = [...new Set(a.series.map(p => p.dataType))].sort();
      const value = (b, t) => a.series.find(p => p.bucket === b && p.dataType === t)?.viewers ?? 0;
      const label = b => (a.bucket === 'day' ? new Date(b).toLocaleDateString() : new Date(b).toLocaleString([], { day: '2-digit', hour: '2-digit', minute: '2-digit' }));
      const data = { labels: buckets.map(label), datasets: types.map((t, i) => ({ label: t, data: buckets.map(b => value(b, t)),
        borderColor: PALETTE[i % PALETTE.length], backgroundColor: PALETTE[i % PALETTE.length], pointRadius: 2, tension: .2 })) };
      if (chart) { chart.data = data; chart.update('none'); } else if (window.Chart) {
        chart = new window.Chart(document.getElementById('chart-views'), { type: 'line', data,
          options: { responsive: true, maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } } });
      }
      replace(seriesTable, table('Viewers per data type and bucket', [
        { label: 'Bucket', value: p => time(p.bucket) }, { label: 'Data type', value: p => p.dataType },
        { label: 'Viewers', num: true, value: p => num(p.viewers) }, { label: 'Symbols', num: true, value: p => num(p.symbols) }], a.series));
      replace(top, table('Most viewed pairs', [
        { label: 'Data type', value: p => p.dataType }, { label: 'Symbol', value: p => p.symbol },
        { label: 'Peak viewers', num: true, value: p => num(p.peakViewers) }, { label: 'Viewer-buckets', num: true, value: p => num(p.viewerBuckets) },
        { label: 'First seen', value: p => time(p.firstSeen) }, { label: 'Last seen', value: p => time(p.lastSeen) },
        { label: 'Why', value: p => explainLink(p.dataType, p.symbol) }], a.topPairs,
      { empty: 'Nobody viewed anything in this period.', rowAttrs: p => ({ 'data-pair': `${p.dataType}/${p.symbol}` }) }));
      ctx.announce(`Analytics: ${a.series.length} points, ${a.topPairs.length} pairs`);
    } catch (e) { problemSummary(summary, e, 'Could not load the analytics'); }
  }

  const types = await api('/api/v1/registry').catch(() => []);
  for (const t of types) dataType.append(h('option', { value: t.dataType }, t.dataType));
  await load();
  return () => { if (chart) chart.destroy(); };
}
