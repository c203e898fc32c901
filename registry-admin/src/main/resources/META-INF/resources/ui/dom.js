// Small helpers that build DOM nodes (text is always set as text, never parsed as HTML).

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'value') el.value = v;
    else if (k === 'checked') el.checked = !!v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A table; columns are {label, value(row) → node or text, num?}. */
export function table(caption, columns, rows, { empty = 'Nothing to show.', rowAttrs } = {}) {
  if (!rows.length) return h('p', { class: 'muted' }, empty);
  return h('table', {},
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, columns.map(c => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)))),
    h('tbody', {}, rows.map(r => h('tr', rowAttrs ? rowAttrs(r) : {},
      columns.map(c => h('td', { class: c.num ? 'num' : null }, c.value(r)))))));
}

export function badge(text, cls = text) {
  return h('span', { class: `badge state-${cls}` }, text);
}

export function time(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return h('time', { datetime: iso, title: iso }, d.toLocaleString());
}

export function ago(iso) {
  if (!iso) return '—';
  const s = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  const text = s < 90 ? `${s}s ago` : s < 5400 ? `${Math.round(s / 60)}m ago` : s < 172800 ? `${Math.round(s / 3600)}h ago` : `${Math.round(s / 86400)}d ago`;
  return h('time', { datetime: iso, title: new Date(iso).toLocaleString() }, text);
}

export function num(n) {
  return n === undefined || n === null ? '—' : Number(n).toLocaleString();
}

export function bytes(n) {
  if (n === undefined || n === null) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0; let v = Number(n);
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(i ? 1 : 0)} ${units[i]}`;
}

/** The problem details of a failed call as a list a screen reader announces (role=alert). */
export function problemSummary(el, err, intro) {
  const errors = err?.errors || [];
  replace(el,
    h('p', {}, h('strong', {}, intro ? `${intro}: ` : ''), err?.message || String(err)),
    errors.length ? h('ul', {}, errors.map(e => h('li', {}, e))) : null);
  el.setAttribute('role', 'alert');
  el.tabIndex = -1;
  el.focus();
}

export function field(id, label, control, hint) {
  control.id = id;
  if (hint) control.setAttribute('aria-describedby', `${id}-hint`);
  return h('div', { class: 'field' }, h('label', { for: id }, label), control,
    hint ? h('span', { class: 'hint', id: `${id}-hint` }, hint) : null);
}

/**
 * Runs an operator's change: on success clears the error summary, announces it and reloads; a
 * refusal is shown in the summary and nothing is reloaded, so what the operator typed stays.
 */
export async function change(summary, ctx, reload, call, what) {
  try {
    await call();
  } catch (e) { problemSummary(summary, e, `${what} failed`); return; }
  replace(summary);
  ctx.announce(what);
  await reload();
}
