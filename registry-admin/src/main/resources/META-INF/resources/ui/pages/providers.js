// Providers: circuit state per provider (open until), pending jobs, and the pause that keeps processors off one.
import { api } from '../api.js';
import { h, replace, table, badge, problemSummary, change, ago, time, num } from '../dom.js';

export const title = 'Providers';

export async function render(root, ctx) {
  const summary = h('div', { class: 'error-summary', id: 'providers-error' });
  const list = h('div', { id: 'providers-list' });
  const circuits = h('div', { id: 'providers-circuits' });
  replace(root, h('h1', {}, 'Providers'), summary,
    h('p', { class: 'muted' }, 'A paused provider\'s jobs stay queued: no processor claims them until it is resumed. A circuit opens on its own after repeated failures and lets a trial call through at its open-until time.'),
    h('section', { class: 'card', 'aria-labelledby': 'providers-h' }, h('h2', { id: 'providers-h' }, 'Per provider'), list),
    h('section', { class: 'card', 'aria-labelledby': 'provider-circuits-h' }, h('h2', { id: 'provider-circuits-h' }, 'Circuits per processor'), circuits));

  const act = (call, what) => change(summary, ctx, load, call, what);

  function controls(p) {
    if (!ctx.admin) return null;
    const path = `/api/v1/providers/${encodeURIComponent(p.provider)}`;
    if (p.paused) {
      return h('button', { type: 'button', class: 'secondary', 'aria-label': `Resume ${p.provider}`, onclick: () => {
        if (confirm(`Resume ${p.provider}? Processors claim its ${p.pendingJobs} pending jobs again.`)) act(() => api(`${path}/resume`, { method: 'POST' }), `${p.provider} resumed`);
      } }, 'Resume');
    }
    const reason = h('input', { size: 16, maxlength: 500, placeholder: 'reason (optional)', 'aria-label': `Reason to pause ${p.provider}` });
    return h('div', { class: 'actions' }, reason, h('button', { type: 'button', class: 'danger', 'aria-label': `Pause ${p.provider}`, onclick: () => {
      if (confirm(`Pause ${p.provider}? No processor claims its jobs until it is resumed.`)) {
        act(() => api(`${path}/pause`, { method: 'POST', body: { reason: reason.value.trim() || null } }), `${p.provider} paused`);
      }
    } }, 'Pause'));
  }

  async function load() {
    try {
      const [providers, rows] = await Promise.all([api('/api/v1/providers'), api('/api/v1/ui/circuits')]);
      replace(list, table('Providers', [
        { label: 'Provider', value: p => p.provider },
        { label: 'Circuit', value: p => badge(p.circuitState.replace('_', '-'), p.circuitState) },
        { label: 'Open until', value: p => (p.openUntil ? time(p.openUntil) : '—') },
        { label: 'Open on', num: true, value: p => `${num(p.openInstances)} of ${num(p.instances)} processors` },
        { label: 'Pending jobs', num: true, value: p => num(p.pendingJobs) },
        { label: 'Claims', value: p => (p.paused ? [badge('paused', 'failed'), ' by ', p.pause.pausedBy, ' ', ago(p.pause.pausedAt), p.pause.reason ? `: ${p.pause.reason}` : ''] : badge('claimed', 'fresh')) },
        ...(ctx.admin ? [{ label: 'Actions', value: controls }] : [])],
      providers, { empty: 'No provider has a quota.', rowAttrs: p => ({ 'data-provider': p.provider, class: p.paused || p.circuitState === 'open' ? 'late' : null }) }));
      replace(circuits, table('Circuit state per provider and processor', [
        { label: 'Provider', value: c => c.provider }, { label: 'Processor', value: c => c.instanceId },
        { label: 'State', value: c => badge(c.state.replace('_', '-'), c.state) },
        { label: 'Since', value: c => ago(c.changedAt) }, { label: 'Open until', value: c => (c.openUntil ? time(c.openUntil) : '—') },
        { label: 'Last error', value: c => c.lastError || '—' }], rows, { empty: 'No processor has reported a circuit yet (all closed).' }));
    } catch (e) { problemSummary(summary, e, 'Could not load the providers'); }
  }

  await load();
}
