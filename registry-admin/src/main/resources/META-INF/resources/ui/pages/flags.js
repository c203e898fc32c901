// Feature flags: switch with confirmation, edit the metadata (per-data-type rollout).
import { api } from '../api.js';
import { h, replace, badge, field, problemSummary, ago } from '../dom.js';

export const title = 'Flags';

export async function render(root, ctx) {
  const summary = h('div', { class: 'error-summary', id: 'flags-error' });
  const list = h('div', { id: 'flags-list' });
  replace(root, h('h1', {}, 'Feature flags'), summary,
    h('p', { class: 'muted' }, 'A per-data-type rollout is metadata {"dataTypes": {"quote": false}}.'), list);

  async function put(name, body, done) {
    try {
      await api(`/api/v1/flags/${encodeURIComponent(name)}`, { method: 'PUT', body });
      replace(summary);
      ctx.announce(done);
      return true;
    } catch (e) {
      problemSummary(summary, e, `Flag ${name} not changed`);
      return false;
    }
  }

  async function load() {
    const flags = await api('/api/v1/flags');
    replace(list, flags.map(f => {
      const id = `flag-${f.name}`;
      const state = h('span', { id: `${id}-state` }, badge(f.enabled ? 'on' : 'off', f.enabled ? 'fresh' : 'missing'));
      const metadata = h('textarea', { rows: 4, spellcheck: 'false', readonly: !ctx.admin }, JSON.stringify(f.metadata ?? {}, null, 2));
      return h('section', { class: 'card flag', 'aria-labelledby': `${id}-h`, 'data-flag': f.name },
        h('h2', { id: `${id}-h` }, f.name, ' ', state),
        h('p', {}, f.description || ''),
        h('p', { class: 'muted' }, 'Changed ', ago(f.updatedAt), f.updatedBy ? ` by ${f.updatedBy}` : ''),
        ctx.admin ? h('div', { class: 'actions' }, h('button', {
          type: 'button', class: 'flag-toggle', role: 'switch', 'aria-checked': String(f.enabled), 'aria-label': `${f.name}: ${f.enabled ? 'on' : 'off'}, switch ${f.enabled ? 'off' : 'on'}`,
          onclick: async () => {
            if (!confirm(`Switch ${f.name} ${f.enabled ? 'OFF' : 'ON'}? Every service follows within a second.`)) return;
            if (await put(f.name, { enabled: !f.enabled }, `${f.name} switched ${f.enabled ? 'off' : 'on'}`)) await load();
          } }, f.enabled ? 'Switch off' : 'Switch on')) : null,
        field(`${id}-metadata`, 'Metadata (JSON)', metadata),
        ctx.admin ? h('button', { type: 'button', class: 'secondary', onclick: async () => {
          let parsed;
          try { parsed = JSON.parse(metadata.value || '{}'); } catch (e) { problemSummary(summary, new Error(`Not valid JSON: ${e.message}`), `Metadata of ${f.name} not saved`); return; }
          if (await put(f.name, { enabled: f.enabled, metadata: parsed }, `Metadata of ${f.name} saved`)) await load();
        } }, 'Save metadata') : null);
    }));
  }

  await load().catch(e => problemSummary(summary, e, 'Could not load the flags'));
}
