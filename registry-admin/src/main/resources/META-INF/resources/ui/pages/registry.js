// Data types: list, create and edit (the API validates; its messages are shown), delete. Rollout states change on the Rollout page.
import { api, ApiError } from '../api.js';
import { h, replace, table, field, problemSummary, ago } from '../dom.js';
import { rolloutBadge } from './rollout.js';

export const title = 'Registry';

// The request fields in form order: [name, label, kind, options or hint].
const FIELDS = [
  ['dataType', 'Name (slug)', 'text', 'lower-case, e.g. profile-extra'], ['displayName', 'Display name', 'text'],
  ['provider', 'Provider', 'text', 'needs a quota'], ['handler', 'Handler', 'text', 'e.g. http-json'],
  ['tableName', 'Table', 'text', 'existing table, plain lower-case identifier'], ['timestampColumn', 'Timestamp column', 'text'],
  ['symbolColumn', 'Symbol column', 'text'], ['keyColumns', 'Key columns', 'list', 'comma-separated'],
  ['scope', 'Scope', 'select', ['symbol', 'global']], ['ttlSeconds', 'TTL (s)', 'int'],
  ['refreshMode', 'Refresh mode', 'select', ['on_demand', 'scheduled', 'both']], ['scheduleIntervalSeconds', 'Schedule interval (s)', 'int'],
  ['priority', 'Priority', 'int'], ['tier', 'Tier', 'select', ['critical', 'standard', 'low']],
  ['warnAfterSeconds', 'Warn after (s)', 'int', 'empty: the TTL'], ['errorAfterSeconds', 'Error after (s)', 'int', 'empty: the tier target'],
  ['estimatedBytes', 'Estimated bytes', 'int'], ['sourceTimestampColumn', 'Source timestamp column', 'text'],
  ['maxAttempts', 'Max attempts', 'int'], ['rolloutState', 'Rollout state', 'select', ['off', 'shadow', 'live', 'paused']],
  ['handlerConfig', 'Handler config (JSON)', 'json'],
];

const REQUEST_KEYS = [...FIELDS.map(f => f[0]), 'version'];

/** A registry view as a request body: the API refuses fields it does not take. */
export function toRequest(view, changes = {}) {
  const out = {};
  for (const k of REQUEST_KEYS) if (view[k] !== undefined) out[k] = view[k];
  return { ...out, ...changes };
}

export async function render(root, ctx) {
  const summary = h('div', { class: 'error-summary', id: 'registry-error' });
  const list = h('div', { id: 'registry-list' });
  const formBox = h('div', { id: 'registry-form-box' });
  replace(root, h('h1', {}, 'Registry'), summary,
    ctx.admin ? h('div', { class: 'toolbar' }, h('button', { type: 'button', id: 'new-data-type', onclick: () => openForm(null) }, 'New data type')) : null,
    formBox, h('section', { class: 'card', 'aria-label': 'Data types' }, list));

  async function load() {
    const rows = await api('/api/v1/registry');
    replace(list, table('Data types', [
      { label: 'Name', value: d => h('span', { title: d.displayName }, d.dataType) },
      { label: 'Provider', value: d => d.provider }, { label: 'Table', value: d => d.tableName },
      { label: 'Mode', value: d => d.refreshMode }, { label: 'Tier', value: d => d.tier },
      { label: 'TTL', num: true, value: d => `${d.ttlSeconds}s` },
      { label: 'Rollout', value: d => h('a', { href: `#/rollout?dataType=${encodeURIComponent(d.dataType)}` }, rolloutBadge(d.rolloutState)) },
      { label: 'Version', num: true, value: d => d.version },
      { label: 'Changed', value: d => ago(d.updatedAt) },
      ...(ctx.admin ? [{ label: 'Actions', value: d => h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', 'aria-label': `Edit ${d.dataType}`, onclick: () => openForm(d) }, 'Edit'),
        h('button', { type: 'button', class: 'danger', 'aria-label': `Delete ${d.dataType}`, onclick: () => remove(d) }, 'Delete')) }] : [])],
      rows, { empty: 'No data types.', rowAttrs: d => ({ 'data-type': d.dataType }) }));
  }

  async function remove(view) {
    if (!confirm(`Delete data type ${view.dataType}? This cannot be undone.`)) return;
    const path = `/api/v1/registry/${encodeURIComponent(view.dataType)}`;
    try {
      await api(path, { method: 'DELETE', query: { version: view.version } });
    } catch (e) {
      if (e.status === 409 && /queued|jobs/i.test(e.message) && confirm(`${e.message}\n\nCancel those jobs and delete anyway?`)) {
        try { await api(path, { method: 'DELETE', query: { version: view.version, force: true } }); } catch (e2) { problemSummary(summary, e2, 'Not deleted'); return load(); }
      } else { problemSummary(summary, e, 'Not deleted'); return load(); }
    }
    replace(summary);
    ctx.announce(`${view.dataType} deleted`);
    await load();
  }

  function openForm(view) {
    const editing = !!view;
    const errors = h('div', { class: 'error-summary', id: 'form-errors' });
    const controls = {};
    const inputs = FIELDS.map(([name, label, kind, extra]) => {
      let control;
      const v = view?.[name];
      if (kind === 'select') control = h('select', { name }, extra.map(o => h('option', { value: o, selected: v === o }, o)));
      else if (kind === 'bool') control = h('select', { name }, h('option', { value: 'true', selected: v !== false }, 'yes'), h('option', { value: 'false', selected: v === false }, 'no'));
      else if (kind === 'json') control = h('textarea', { name, rows: 8, spellcheck: 'false' }, v ? JSON.stringify(v, null, 2) : '{\n  "path": "",\n  "records": "",\n  "columns": {}\n}');
      else control = h('input', { name, type: kind === 'int' ? 'number' : 'text', value: kind === 'list' ? (v || []).join(', ') : v ?? '', readonly: editing && name === 'dataType' });
      controls[name] = [control, kind];
      const f = field(`f-${name}`, label, control, kind === 'select' || kind === 'bool' ? null : extra);
      if (kind === 'json') f.classList.add('wide');
      return f;
    });
    const form = h('form', { id: 'registry-form', novalidate: true, 'aria-labelledby': 'registry-form-h' },
      h('h2', { id: 'registry-form-h' }, editing ? `Edit ${view.dataType} (version ${view.version})` : 'New data type'),
      errors, h('div', { class: 'form-grid' }, inputs),
      h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'registry-save' }, editing ? 'Save changes' : 'Create'),
        h('button', { type: 'button', class: 'secondary', onclick: close }, 'Cancel')));
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      const body = {};
      for (const [name, [control, kind]] of Object.entries(controls)) {
        const raw = control.value.trim();
        if (kind === 'int') body[name] = raw === '' ? null : Number(raw);
        else if (kind === 'bool') body[name] = raw === 'true';
        else if (kind === 'list') body[name] = raw ? raw.split(',').map(s => s.trim()).filter(Boolean) : [];
        else if (kind === 'json') {
          try { body[name] = JSON.parse(raw || '{}'); } catch (e) {
            problemSummary(errors, new Error(`Handler config is not valid JSON: ${e.message}`), 'Not saved');
            return;
          }
        } else body[name] = raw === '' ? null : raw;
      }
      if (editing) body.version = view.version;
      try {
        if (editing) await api(`/api/v1/registry/${encodeURIComponent(view.dataType)}`, { method: 'PUT', body });
        else await api('/api/v1/registry', { method: 'POST', body });
      } catch (e) {
        const conflict = e instanceof ApiError && e.status === 409;
        problemSummary(errors, e, conflict && editing
          ? 'Someone changed this data type meanwhile (optimistic lock). Cancel and edit the current version'
          : 'The data type was not saved');
        return;
      }
      ctx.announce(`${body.dataType} ${editing ? 'saved' : 'created'}`);
      close();
      await load();
    });
    replace(formBox, h('section', { class: 'card' }, form));
    form.querySelector(editing ? '#f-displayName' : '#f-dataType').focus();
  }

  function close() {
    replace(formBox);
    document.getElementById('new-data-type')?.focus();
  }

  await load().catch(e => problemSummary(summary, e, 'Could not load the registry'));
}
