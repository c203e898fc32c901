// Freshet browser client: presence, shared resumable event stream, freshness state and data reads.
// One ES module, no build step, no dependencies. Served by the tracker at /client/freshet.js.

const BATCH_MAX = 50;

/** A problem the tracker answered (application/problem+json), or a network failure (status 0). */
export class FreshetProblem extends Error {
  constructor({ status = 0, type = 'about:blank', title = 'Request failed', detail, errors, retryAfter } = {}) {
    super(detail || title);
    this.name = 'FreshetProblem';
    this.status = status;
    this.type = type;
    this.title = title;
    this.detail = detail;
    this.errors = errors || [];
    this.retryAfter = retryAfter;
  }
}

const key = (symbol, dataType) => `${symbol}\u0000${dataType}`;
const sameTick = fn => Promise.resolve().then(fn);

/**
 * @param {object} options
 * @param {string} [options.baseUrl] the tracker's URL ('' = same origin)
 * @param {string} [options.clientId] the id the presence is recorded under (a token must be issued for it)
 * @param {() => (string|null|Promise<string|null>)} [options.token] returns a fresh client token
 * @param {boolean} [options.pauseWhenHidden] no heartbeats while the page is hidden (presence lapses)
 * @param {number} [options.maxSymbolsPerStream] symbols per event stream (the tracker's limit, 100)
 * @param {{initialMs?: number, maxMs?: number}} [options.backoff] reconnect delays of the event stream
 */
export function createFreshet(options = {}) {
  const base = (options.baseUrl || '').replace(/\/+$/, '');
  const clientId = options.clientId || `web-${(globalThis.crypto?.randomUUID?.() || Math.random().toString(36).slice(2)).slice(0, 12)}`;
  const tokenFn = options.token || (() => null);
  const maxPerStream = options.maxSymbolsPerStream || 100;
  const backoff = { initialMs: 1000, maxMs: 30000, ...(options.backoff || {}) };
  const doFetch = (...a) => (options.fetch || globalThis.fetch)(...a);
  const ES = options.EventSource || globalThis.EventSource;

  const watched = new Map();      // symbol -> Set<dataType>
  const states = new Map();       // key(symbol, dataType) -> PairStatus
  const listeners = { refreshed: new Set(), state: new Set(), reset: new Set(), error: new Set() };
  let pending = [];               // watches of this tick: {symbol, dataTypes, resolve, reject}
  let lastToken = null;
  let heartbeatTimer = null;
  let heartbeatEveryMs = 30000;
  let streams = [];               // {symbols, es, lastEventId, attempt, timer}
  let streamsKey = '';
  let closed = false;
  const seen = new Map();         // id epoch -> highest sequence delivered (never deliver one twice)
  // the first subscription waits until a stream listens, so no refresh falls between its answer and the stream
  let markListening;
  const listening = new Promise(resolve => { markListening = resolve; });
  setTimeout(() => markListening(), 5000);

  const emit = (kind, value) => listeners[kind].forEach(cb => { try { cb(value); } catch (e) { console.error(e); } });
  const on = kind => cb => { listeners[kind].add(cb); return () => listeners[kind].delete(cb); };

  async function token() {
    const t = await tokenFn();
    lastToken = t || null;
    return lastToken;
  }

  async function call(method, path, body, { keepalive = false } = {}) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const t = keepalive ? lastToken : await token();
    if (t) headers.Authorization = `Bearer ${t}`;
    let res;
    try {
      res = await doFetch(`${base}${path}`, { method, headers, keepalive, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new FreshetProblem({ status: 0, title: 'Network error', detail: `the tracker could not be reached: ${e.message}` });
    }
    const answer = await res.json().catch(() => ({}));
    if (!res.ok) {
      const retry = res.headers.get('Retry-After');
      throw new FreshetProblem({ ...answer, status: res.status, retryAfter: retry == null ? undefined : Number(retry) });
    }
    return { body: answer, date: res.headers.get('Date') };
  }

  function remember(pairs) {
    for (const p of pairs || []) {
      const before = states.get(key(p.symbol, p.dataType));
      const now = { ...before, ...p };
      states.set(key(p.symbol, p.dataType), now);
      if (!before || before.state !== now.state || before.updatedAt !== now.updatedAt) emit('state', now);
    }
  }

  // heartbeats follow the server's schedule: a third of the time its answers say presence lasts
  function schedule(expiresAt, date) {
    if (!expiresAt) return;
    const now = date ? Date.parse(date) : Date.now();
    const ttl = Date.parse(expiresAt) - (Number.isNaN(now) ? Date.now() : now);
    if (ttl > 0) heartbeatEveryMs = Math.max(1000, Math.floor(ttl / 3));
    armHeartbeat();
  }

  function armHeartbeat() {
    clearTimeout(heartbeatTimer);
    heartbeatTimer = null;
    if (closed || watched.size === 0) return;
    if (options.pauseWhenHidden && globalThis.document?.visibilityState === 'hidden') return;
    heartbeatTimer = setTimeout(heartbeat, heartbeatEveryMs);
  }

  async function heartbeat() {
    try {
      const pairs = [...watched.values()].reduce((n, types) => n + types.size, 0);
      const { body, date } = await call('POST', '/v1/heartbeat', { clientId });
      // lapsed subscriptions are not revived by a heartbeat: subscribe them again
      if (body.renewed < pairs) await resubscribe();
      else schedule(body.expiresAt, date);
    } catch (e) {
      emit('error', e);
      armHeartbeat();
    }
  }

  async function resubscribe() {
    const groups = new Map();
    for (const [symbol, types] of watched) {
      const k = [...types].sort().join(',');
      if (!groups.has(k)) groups.set(k, { dataTypes: [...types].sort(), symbols: [] });
      groups.get(k).symbols.push(symbol);
    }
    for (const g of groups.values()) await subscribe(g.symbols, g.dataTypes);
  }

  async function subscribe(symbols, dataTypes) {
    const out = [];
    for (let i = 0; i < symbols.length; i += BATCH_MAX) {
      const chunk = symbols.slice(i, i + BATCH_MAX);
      const { body, date } = chunk.length === 1
        ? await call('POST', '/v1/subscriptions', { clientId, symbol: chunk[0], dataTypes })
        : await call('POST', '/v1/subscriptions/batch', { clientId, symbols: chunk, dataTypes });
      remember(body.subscriptions);
      schedule(body.expiresAt, date);
      out.push(...(body.subscriptions || []));
    }
    return out;
  }

  // watches made in the same tick go out together, one batch call per set of data types
  async function flushWatches() {
    const batch = pending;
    pending = [];
    await listening;
    const groups = new Map();
    for (const w of batch) {
      const k = w.dataTypes.join(',');
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k).push(w);
    }
    for (const ws of groups.values()) {
      const symbols = [...new Set(ws.map(w => w.symbol))];
      subscribe(symbols, ws[0].dataTypes).then(pairs => {
        for (const w of ws) w.resolve(pairs.filter(p => p.symbol === w.symbol));
      }, e => {
        for (const w of ws) {
          const types = watched.get(w.symbol);
          w.dataTypes.forEach(t => types?.delete(t));
          if (types && types.size === 0) watched.delete(w.symbol);
          w.reject(e);
        }
        syncStreams();
      });
    }
  }

  function watch({ symbol, dataTypes }) {
    if (closed) return Promise.reject(new FreshetProblem({ title: 'Closed', detail: 'this client was closed' }));
    const s = String(symbol || '*').trim().toUpperCase();
    const types = [...new Set(dataTypes || [])].sort();
    if (types.length === 0) return Promise.reject(new FreshetProblem({ status: 400, title: 'Bad Request', detail: 'dataTypes must name at least one data type' }));
    if (!watched.has(s)) watched.set(s, new Set());
    types.forEach(t => watched.get(s).add(t));
    syncStreams();
    return new Promise((resolve, reject) => {
      if (pending.length === 0) sameTick(flushWatches);
      pending.push({ symbol: s, dataTypes: types, resolve, reject });
    });
  }

  async function unwatch(target) {
    const symbol = String(typeof target === 'string' ? target : target.symbol).trim().toUpperCase();
    if (!watched.delete(symbol)) return;
    for (const k of [...states.keys()]) if (k.startsWith(`${symbol}\u0000`)) states.delete(k);
    syncStreams();
    if (watched.size === 0) armHeartbeat();
    await call('DELETE', `/v1/subscriptions/${encodeURIComponent(clientId)}/${encodeURIComponent(symbol)}`);
  }

  // ---- the shared event stream ----

  function syncStreams() {
    const symbols = [...watched.keys()].sort();
    const k = symbols.join(',');
    if (k === streamsKey || closed) return;
    streamsKey = k;
    sameTick(() => {
      if (streamsKey !== k) return;
      const resumeFrom = newestId();
      streams.forEach(stop);
      streams = [];
      for (let i = 0; i < symbols.length; i += maxPerStream) {
        const s = { symbols: symbols.slice(i, i + maxPerStream), es: null, lastEventId: resumeFrom, attempt: 0, timer: null };
        streams.push(s);
        open(s);
      }
    });
  }

  function newestId() {
    return streams.map(s => s.lastEventId).filter(Boolean).sort(bySequence).pop() || null;
  }

  function bySequence(a, b) {
    return Number(a.split('-').pop()) - Number(b.split('-').pop());
  }

  function stop(s) {
    clearTimeout(s.timer);
    s.es?.close();
    s.es = null;
  }

  async function open(s) {
    let t;
    try {
      t = await token();
    } catch (e) {
      emit('error', e);
    }
    if (!streams.includes(s) || closed) return;
    const q = new URLSearchParams({ symbols: s.symbols.join(',') });
    if (t) q.set('token', t);
    if (s.lastEventId) q.set('lastEventId', s.lastEventId);
    const resumable = Boolean(s.lastEventId);
    const es = new ES(`${base}/v1/events?${q}`);
    s.es = es;
    es.addEventListener('connected', e => {
      s.attempt = 0;
      s.lastEventId = e.lastEventId || s.lastEventId;
      markListening();
      // started afresh while states were already known: refreshes may have been missed, re-read them
      if (!resumable && s.symbols.some(sym => [...states.keys()].some(k => k.startsWith(`${sym}\u0000`)))) {
        resubscribe().catch(err => emit('error', err));
      }
    });
    es.addEventListener('refreshed', e => {
      s.lastEventId = e.lastEventId || s.lastEventId;
      if (!firstTime(e.lastEventId)) return;
      let data;
      try { data = JSON.parse(e.data); } catch { return; }
      const k = key(data.symbol, data.dataType);
      if (!watched.get(data.symbol)?.has(data.dataType)) return;
      remember([{ ...(states.get(k) || {}), symbol: data.symbol, dataType: data.dataType, state: 'fresh', updatedAt: data.updatedAt, refresh: 'none', queued: false }]);
      emit('refreshed', data);
    });
    es.addEventListener('reset', e => {
      s.lastEventId = e.lastEventId || s.lastEventId;
      let reason = '';
      try { reason = JSON.parse(e.data).reason; } catch { /* keep it empty */ }
      emit('reset', { reason });
      resubscribe().catch(err => emit('error', err));
    });
    es.addEventListener('error', () => {
      if (es.readyState !== 2 /* CLOSED */) return; // the browser reconnects by itself, with Last-Event-ID
      // refused (a token expired, the tracker restarted behind a proxy…): reopen ourselves, later each time
      stop(s);
      markListening();
      const delay = Math.min(backoff.maxMs, backoff.initialMs * 2 ** s.attempt) * (0.5 + Math.random() / 2);
      s.attempt++;
      emit('error', new FreshetProblem({ title: 'Event stream interrupted', detail: `reconnecting in ${Math.round(delay)} ms` }));
      s.timer = setTimeout(() => open(s), delay);
    });
  }

  function firstTime(id) {
    if (!id) return true;
    const dash = id.lastIndexOf('-');
    const epoch = id.slice(0, dash);
    const seq = Number(id.slice(dash + 1));
    if (Number.isNaN(seq)) return true;
    if ((seen.get(epoch) ?? -1) >= seq) return false;
    seen.set(epoch, seq);
    return true;
  }

  // ---- page life ----

  const onPageHide = () => {
    if (watched.size === 0) return;
    // keepalive lets the request outlive the page; it uses the last token obtained (no await here)
    call('DELETE', `/v1/subscriptions/${encodeURIComponent(clientId)}`, undefined, { keepalive: true }).catch(() => {});
    watched.clear();
    streams.forEach(stop);
    streams = [];
    streamsKey = '';
    clearTimeout(heartbeatTimer);
  };
  const onVisibility = () => {
    if (!options.pauseWhenHidden) return;
    if (globalThis.document.visibilityState === 'hidden') clearTimeout(heartbeatTimer);
    else if (watched.size > 0) heartbeat();
  };
  globalThis.addEventListener?.('pagehide', onPageHide);
  globalThis.document?.addEventListener?.('visibilitychange', onVisibility);

  return {
    clientId,
    watch,
    unwatch,
    /** Called with {symbol, dataType, updatedAt} when a watched pair was refreshed: re-read it. */
    onRefreshed: on('refreshed'),
    /** Called with a pair's status whenever its state or update time changes. */
    onState: on('state'),
    /** Called with {reason} when missed events could not be replayed; the states are re-read by the client. */
    onReset: on('reset'),
    /** Called with a FreshetProblem for failures in the background (heartbeats, the event stream). */
    onError: on('error'),
    state: (symbol, dataType) => states.get(key(String(symbol).toUpperCase(), dataType)),
    async read(dataType, symbol, { cursor } = {}) {
      const q = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
      return (await call('GET', `/v1/data/${encodeURIComponent(dataType)}/${encodeURIComponent(String(symbol).toUpperCase())}${q}`)).body;
    },
    async close() {
      closed = true;
      globalThis.removeEventListener?.('pagehide', onPageHide);
      globalThis.document?.removeEventListener?.('visibilitychange', onVisibility);
      streams.forEach(stop);
      streams = [];
      clearTimeout(heartbeatTimer);
      const had = watched.size > 0;
      watched.clear();
      states.clear();
      if (had) await call('DELETE', `/v1/subscriptions/${encodeURIComponent(clientId)}`);
    },
  };
}
