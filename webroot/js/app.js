// Bootstrap and hash router.
//   #/                        home: continue-watching shelf + channel list
//   #/c/{channelId}?q=&type=&sort=   file grid
//   #/f/{fileId}              details / player
//   #/admin                   users + stats (admins only)
//   #/account                 change your own password
// GET /api/me decides between the login view (401) and the app. Each view renders into a
// fresh container, gets an AbortSignal that fires when the route changes, registers cleanups,
// and sets document.body.dataset.view once it has rendered.
import { h, clear } from './dom.js';
import { getMe, logout, onUnauthorized, isAbort } from './api.js';
import { initTheme } from './theme.js';
import { initKeyboard, setViewKeyHandler } from './keyboard.js';
import { showError, clearStatus, errorText } from './status.js';
import { renderLogin } from './auth.js';
import { icon } from './icons.js';
import * as home from './channels.js';
import * as grid from './grid.js';
import * as details from './details.js';
import * as admin from './admin.js';
import * as account from './account.js';

const viewRoot = document.getElementById('view');
const mainEl = document.getElementById('main');

let me = null;
let current = null; // {controller, cleanups, container}
let firstRender = true;
let searchChannelId = null;
let pendingSearchFocus = false;
let showingLogin = false;

// ---------------------------------------------------------------- routing

export function parseRoute(hash) {
  let raw = (hash || '').replace(/^#/, '');
  if (!raw.startsWith('/')) raw = '/';
  const qIndex = raw.indexOf('?');
  const path = qIndex >= 0 ? raw.slice(0, qIndex) : raw;
  const query = Object.fromEntries(new URLSearchParams(qIndex >= 0 ? raw.slice(qIndex + 1) : ''));
  const parts = path.split('/').filter(Boolean).map((p) => {
    try { return decodeURIComponent(p); } catch { return p; }
  });
  if (parts.length === 0) return { name: 'home', params: {}, query };
  if (parts[0] === 'c' && parts.length === 2) return { name: 'grid', params: { channelId: parts[1] }, query };
  if (parts[0] === 'f' && parts.length === 2) return { name: 'details', params: { fileId: parts[1] }, query };
  if (parts[0] === 'admin' && parts.length === 1) return { name: 'admin', params: {}, query };
  if (parts[0] === 'account' && parts.length === 1) return { name: 'account', params: {}, query };
  return { name: 'notfound', params: {}, query };
}

const VIEWS = { home, grid, details, admin, account };

function setView(name) {
  document.body.dataset.view = name;
}

function setTitle(text) {
  document.title = text ? `${text} · tgstream` : 'tgstream';
}

function teardown() {
  setViewKeyHandler(null);
  if (!current) return;
  const { controller, cleanups, container } = current;
  current = null;
  controller.abort();
  for (const fn of cleanups.reverse()) {
    try { fn(); } catch (err) { console.error('cleanup failed', err); }
  }
  container.remove();
}

function newContainer() {
  teardown();
  clear(viewRoot);
  const container = h('div', { class: 'view-inner' });
  viewRoot.appendChild(container);
  const controller = new AbortController();
  current = { controller, cleanups: [], container };
  return current;
}

async function route() {
  if (!me) return;
  const r = parseRoute(location.hash);
  const slot = newContainer();
  const { controller, cleanups, container } = slot;
  const wasFirst = firstRender;
  firstRender = false;
  setView('loading');
  viewRoot.setAttribute('aria-busy', 'true');
  clearStatus('error');
  updateNav(r.name);
  if (!wasFirst) window.scrollTo(0, 0);

  const ctx = {
    container,
    signal: controller.signal,
    params: r.params,
    query: r.query,
    me,
    setView: (name) => { if (current === slot) setView(name); },
    setTitle,
    onCleanup: (fn) => { if (typeof fn === 'function') cleanups.push(fn); },
    setKeyHandler: (fn) => { if (current === slot) setViewKeyHandler(fn); },
    setSearchChannel: (id) => { searchChannelId = id; },
    searchChannelId: () => searchChannelId,
    consumeSearchFocus: () => { const p = pendingSearchFocus; pendingSearchFocus = false; return p; },
    refreshMe,
    navigate: (hash) => { location.hash = hash; },
  };

  try {
    if (r.name === 'admin' && me.role !== 'admin') {
      renderMessage(container, 'Admins only', 'This page is for administrators.', 'forbidden');
      setTitle('Admins only');
    } else if (VIEWS[r.name]) {
      await VIEWS[r.name].render(ctx);
    } else {
      renderMessage(container, 'Page not found', 'There is nothing at this address.', 'notfound');
      setTitle('Not found');
    }
  } catch (err) {
    if (isAbort(err) || controller.signal.aborted) return;
    if (err && err.status === 401) return; // the unauthorized handler shows the login view
    showError(err);
    renderFailure(container, err, r.name);
  } finally {
    if (current === slot) {
      viewRoot.removeAttribute('aria-busy');
      if (!wasFirst) moveFocus(container);
    }
  }
}

/** After navigation, put keyboard/screen-reader focus on the new page's heading. */
function moveFocus(container) {
  const active = document.activeElement;
  if (active && active !== document.body && container.contains(active)) return; // the view chose (e.g. search)
  const heading = container.querySelector('h1');
  if (heading) {
    if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }
}

function renderMessage(container, title, text, viewName) {
  container.appendChild(h('div', { class: 'message-page' },
    h('h1', { class: 'page-title', tabindex: '-1', text: title }),
    h('p', { text }),
    h('p', {}, h('a', { class: 'button', href: '#/' }, icon('back', { size: 16 }), 'Back to the library'))));
  setView(viewName);
}

function renderFailure(container, err, routeName) {
  clear(container);
  const retry = h('button', { type: 'button', class: 'button button-primary', text: 'Try again', on: { click: () => route() } });
  container.appendChild(h('div', { class: 'message-page error-page' },
    h('h1', { class: 'page-title', tabindex: '-1', text: err && err.status === 404 ? 'Not found' : 'Could not load this page' }),
    h('p', { class: 'error-detail', text: errorText(err) }),
    err && err.requestId ? h('p', { class: 'hint' }, 'Request id: ', h('code', { text: err.requestId })) : null,
    h('p', { class: 'button-row' }, retry, h('a', { class: 'button', href: '#/', text: 'Library' }))));
  setView(routeName === 'notfound' ? 'notfound' : 'error');
}

function updateNav(routeName) {
  const homeLink = document.getElementById('nav-home');
  const adminLink = document.getElementById('nav-admin');
  const accountLink = document.getElementById('nav-account');
  const inLibrary = routeName === 'home' || routeName === 'grid' || routeName === 'details';
  homeLink.toggleAttribute('aria-current', false);
  adminLink.toggleAttribute('aria-current', false);
  accountLink.toggleAttribute('aria-current', false);
  if (routeName === 'home') homeLink.setAttribute('aria-current', 'page');
  else if (inLibrary) homeLink.setAttribute('aria-current', 'true');
  if (routeName === 'admin') adminLink.setAttribute('aria-current', 'page');
  if (routeName === 'account') accountLink.setAttribute('aria-current', 'page');
}

// ---------------------------------------------------------------- session

function applyShell() {
  const loggedIn = Boolean(me);
  document.getElementById('site-nav').hidden = !loggedIn;
  document.getElementById('user-info').hidden = !loggedIn;
  document.getElementById('nav-admin-item').hidden = !(loggedIn && me.role === 'admin');
  document.getElementById('logout').hidden = !(loggedIn && me.authEnabled !== false);
  document.getElementById('auth-banner').hidden = !(loggedIn && me.authEnabled === false);
  document.getElementById('user-name').textContent = loggedIn ? me.name || '' : '';
  const role = document.getElementById('user-role');
  role.textContent = loggedIn ? me.role || '' : '';
  role.className = `badge badge-${loggedIn && me.role === 'admin' ? 'admin' : 'viewer'}`;
  document.body.classList.toggle('is-logged-in', loggedIn);
}

function showLogin(notice) {
  teardown();
  me = null;
  showingLogin = true;
  applyShell();
  setTitle('Sign in');
  const slot = newContainer();
  renderLogin(slot.container, {
    notice,
    setView,
    onLoggedIn: async () => {
      const fresh = await getMe();
      me = fresh;
      showingLogin = false;
      applyShell();
      clearStatus();
      firstRender = true;
      await route();
    },
  });
}

async function refreshMe() {
  try {
    me = await getMe();
    applyShell();
    await route();
  } catch (err) {
    if (err && err.status === 401) showLogin();
    else showError(err);
  }
}

onUnauthorized(() => {
  if (showingLogin) return;
  showLogin('Your session has ended. Please sign in again.');
});

async function doLogout() {
  const button = document.getElementById('logout');
  button.disabled = true;
  try {
    teardown(); // saves the player position while the session is still valid
    await logout();
  } catch (err) {
    if (err && err.status !== 401) showError(err);
  } finally {
    button.disabled = false;
  }
  searchChannelId = null;
  showLogin();
}

function focusSearch() {
  const search = document.getElementById('search');
  if (search) {
    search.focus();
    search.select();
    return;
  }
  if (me && searchChannelId !== null && searchChannelId !== undefined) {
    pendingSearchFocus = true;
    location.hash = grid.gridHash(searchChannelId);
  }
}

// ---------------------------------------------------------------- boot

async function boot() {
  initTheme();
  initKeyboard({ focusSearch });

  document.getElementById('logout').addEventListener('click', doLogout);
  document.getElementById('skip-link').addEventListener('click', (e) => {
    e.preventDefault(); // keep the hash route intact
    const target = viewRoot.querySelector('h1') || mainEl;
    if (target !== mainEl && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus();
    target.scrollIntoView({ block: 'start' });
  });
  window.addEventListener('hashchange', () => {
    if (!location.hash.startsWith('#/') && location.hash !== '' && location.hash !== '#') return;
    if (me) route();
  });

  try {
    me = await getMe();
  } catch (err) {
    if (err && err.status === 401) {
      showLogin();
      return;
    }
    renderBootFailure(err);
    return;
  }
  applyShell();
  await route();
}

function renderBootFailure(err) {
  const slot = newContainer();
  const retry = h('button', {
    type: 'button', class: 'button button-primary', text: 'Try again',
    on: { click: () => { teardown(); boot2(); } },
  });
  slot.container.appendChild(h('div', { class: 'message-page error-page' },
    h('h1', { class: 'page-title', tabindex: '-1', text: 'tgstream is not reachable' }),
    h('p', { class: 'error-detail', text: errorText(err) }),
    h('p', {}, retry)));
  showError(err);
  setView('error');
}

async function boot2() {
  try {
    me = await getMe();
    applyShell();
    firstRender = true;
    await route();
  } catch (err) {
    if (err && err.status === 401) showLogin();
    else renderBootFailure(err);
  }
}

boot();
