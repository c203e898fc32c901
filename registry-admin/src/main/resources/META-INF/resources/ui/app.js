// Shell: sign-in, navigation between pages (location hash), who is signed in.
import { api, setCredentials, clearCredentials, credentials, whenUnauthorized, ApiError } from './api.js';

const pages = {
  overview: () => import('./pages/overview.js'),
  registry: () => import('./pages/registry.js'),
  rollout: () => import('./pages/rollout.js'),
  flags: () => import('./pages/flags.js'),
  queue: () => import('./pages/queue.js'),
  history: () => import('./pages/history.js'),
  live: () => import('./pages/live.js'),
  explain: () => import('./pages/explain.js'),
  quotas: () => import('./pages/quotas.js'),
  aggregation: () => import('./pages/aggregation.js'),
  providers: () => import('./pages/providers.js'),
  analytics: () => import('./pages/analytics.js'),
};

const $ = id => document.getElementById(id);
let ctx = null;
let cleanup = null;

function announce(text) {
  const el = $('announcer');
  el.textContent = '';
  // A change the screen reader notices even when the same text is announced twice.
  setTimeout(() => { el.textContent = text; }, 50);
}

function showLogin(message) {
  if (cleanup) { cleanup(); cleanup = null; }
  ctx = null;
  clearCredentials();
  $('nav').hidden = true;
  $('user').hidden = true;
  $('page').replaceChildren();
  $('login-section').hidden = false;
  $('login-error').textContent = message || '';
  document.title = 'Sign in · Freshet admin';
  $('login-user').focus();
}

async function start() {
  try {
    const [me, settings] = await Promise.all([api('/api/v1/me', { silent401: true }), api('/api/v1/ui-config', { silent401: true })]);
    ctx = { me, settings, announce, admin: me.admin };
  } catch (e) {
    showLogin(e instanceof ApiError && e.status === 401 && credentials() ? 'The user name or password was not accepted.' : '');
    return;
  }
  $('login-section').hidden = true;
  $('nav').hidden = false;
  $('user').hidden = false;
  $('user-name').textContent = `${ctx.me.username} (${ctx.me.admin ? 'admin' : 'viewer'})`;
  document.body.classList.toggle('read-only', !ctx.me.admin);
  if (!location.hash || location.hash === '#/login') location.hash = '#/overview';
  else route();
}

async function route() {
  if (!ctx) return;
  const name = (location.hash.replace(/^#\//, '').split('?')[0]) || 'overview';
  const load = pages[name] || pages.overview;
  if (cleanup) { cleanup(); cleanup = null; }
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.page === name) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  const root = $('page');
  root.replaceChildren();
  root.dataset.page = name;
  const module = await load();
  document.title = `${module.title} · Freshet admin`;
  cleanup = (await module.render(root, ctx)) || null;
  $('main').focus();
}

$('login').addEventListener('submit', async ev => {
  ev.preventDefault();
  const user = $('login-user').value.trim();
  const password = $('login-password').value;
  if (!user || !password) {
    $('login-error').textContent = 'Enter a user name and a password.';
    return;
  }
  setCredentials(user, password);
  $('login-password').value = '';
  await start();
});

$('sign-out').addEventListener('click', () => showLogin('Signed out.'));
whenUnauthorized(() => showLogin('Your session ended: sign in again.'));
window.addEventListener('hashchange', route);

if (credentials()) start(); else showLogin();
