// Admin view (#/admin, admins only): users table (role, reset password, remove with confirm),
// add-user form, the server's counters from /api/stats as a definition list, and the live sessions
// (admin-sessions.js); in split mode the remote streamer's circuit breaker (state, since, last error,
// transitions) as a card above the counters.
import { h, clear } from './dom.js';
import { getUsers, createUser, updateUser, deleteUser, getStats, isAbort } from './api.js';
import { icon } from './icons.js';
import { formatSize, formatDateTime } from './format.js';
import { sessionsSection } from './admin-sessions.js';
import { showError, showStatus, errorText } from './status.js';

const ROLES = [['viewer', 'Viewer'], ['admin', 'Admin']];
const BREAKER_REFRESH_MS = 5000;
const BREAKER_KEYS = ['breaker', 'circuitBreaker', 'failover', 'remote'];
const BREAKER_STATES = {
  closed: ['Closed', 'Links point at the remote streamer.'],
  open: ['Open', 'The remote streamer is unavailable: this server streams locally.'],
  half_open: ['Half-open', 'Trying the remote streamer again.'],
};

export async function render(ctx) {
  const { container, signal, me } = ctx;
  ctx.setTitle('Admin');

  container.appendChild(h('div', { class: 'page-head' },
    h('h1', { class: 'page-title', tabindex: '-1', text: 'Admin' }),
    h('p', { class: 'page-subtitle', text: 'Users who can sign in, and how the service is doing.' })));

  // ----- users -----
  const tbody = h('tbody');
  const usersSection = h('section', { class: 'admin-section', 'aria-labelledby': 'users-title' },
    h('h2', { id: 'users-title', class: 'section-title' }, icon('users', { size: 20 }), ' Users'),
    h('div', { class: 'table-wrap' },
      h('table', { class: 'users-table', id: 'users-table' },
        h('caption', { class: 'visually-hidden', text: 'Users' }),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col', text: 'Name' }),
          h('th', { scope: 'col', text: 'Role' }),
          h('th', { scope: 'col', text: 'Password' }),
          h('th', { scope: 'col' }, h('span', { class: 'visually-hidden', text: 'Remove' })))),
        tbody)));

  // ----- add user -----
  const addError = h('p', { class: 'form-error', id: 'add-user-error', role: 'alert', 'aria-live': 'assertive' });
  const newName = h('input', { id: 'new-user-name', name: 'name', type: 'text', required: true, autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false' });
  const newPassword = h('input', { id: 'new-user-password', name: 'password', type: 'password', required: true, autocomplete: 'new-password' });
  const newRole = h('select', { id: 'new-user-role', name: 'role' },
    ROLES.map(([v, l]) => h('option', { value: v, text: l })));
  const addButton = h('button', { type: 'submit', class: 'button button-primary', text: 'Add user' });
  const addForm = h('form', { id: 'add-user-form', class: 'add-user-form', novalidate: true, 'aria-labelledby': 'add-user-title' },
    h('div', { class: 'field' }, h('label', { for: 'new-user-name', text: 'Name' }), newName),
    h('div', { class: 'field' }, h('label', { for: 'new-user-password', text: 'Password' }), newPassword),
    h('div', { class: 'field' }, h('label', { for: 'new-user-role', text: 'Role' }), newRole),
    h('div', { class: 'field field-submit' }, addButton),
    addError);
  const addSection = h('section', { class: 'admin-section', 'aria-labelledby': 'add-user-title' },
    h('h2', { id: 'add-user-title', class: 'section-title', text: 'Add a user' }),
    addForm);

  // ----- stats -----
  const statsList = h('dl', { class: 'stats-list', id: 'stats' });
  const breakerHost = h('div', { class: 'breaker-host', id: 'breaker-host' });
  const refreshStats = h('button', { type: 'button', class: 'button button-small', id: 'refresh-stats' },
    icon('refresh', { size: 16 }), 'Refresh');
  const statsSection = h('section', { class: 'admin-section', 'aria-labelledby': 'stats-title' },
    h('div', { class: 'section-head' },
      h('h2', { id: 'stats-title', class: 'section-title', text: 'Stats' }),
      refreshStats),
    breakerHost,
    statsList);

  container.appendChild(h('div', { class: 'admin-grid' }, usersSection, addSection, statsSection,
    sessionsSection(signal)));

  // ----- behaviour -----
  async function loadUsers() {
    const data = await getUsers(signal);
    const users = data && Array.isArray(data.items) ? data.items : [];
    clear(tbody);
    for (const user of users) tbody.appendChild(userRow(user));
    if (!users.length) tbody.appendChild(h('tr', {}, h('td', { colspan: '4', text: 'No users.' })));
  }

  function userRow(user) {
    const isMe = me && user.name === me.name;
    const roleId = `role-${cssId(user.name)}`;
    const role = h('select', { id: roleId, 'aria-label': `Role for ${user.name}` },
      ROLES.map(([v, l]) => h('option', { value: v, text: l })));
    role.value = user.role === 'admin' ? 'admin' : 'viewer';
    let currentRole = role.value;

    role.addEventListener('change', async () => {
      const wanted = role.value;
      role.disabled = true;
      try {
        await updateUser(user.name, { role: wanted });
        currentRole = wanted;
        user.role = wanted;
        showStatus(`${user.name} is now ${wanted === 'admin' ? 'an admin' : 'a viewer'}`, { kind: 'success' });
        if (isMe && wanted !== 'admin') {
          await ctx.refreshMe();
          return;
        }
      } catch (err) {
        role.value = currentRole;
        if (err.status !== 401) showError(err);
      } finally {
        role.disabled = false;
      }
    });

    const passwordCell = h('td', { class: 'password-cell' });
    const resetButton = h('button', { type: 'button', class: 'button button-small', text: 'Reset password',
      'aria-label': `Reset password for ${user.name}` });
    passwordCell.appendChild(resetButton);
    resetButton.addEventListener('click', () => {
      const inputId = `pw-${cssId(user.name)}`;
      const input = h('input', { id: inputId, type: 'password', required: true, autocomplete: 'new-password' });
      const cancel = h('button', { type: 'button', class: 'button button-small button-ghost', text: 'Cancel' });
      const form = h('form', { class: 'inline-form', novalidate: true },
        h('label', { for: inputId, class: 'visually-hidden', text: `New password for ${user.name}` }),
        input,
        h('button', { type: 'submit', class: 'button button-small button-primary', text: 'Save' }),
        cancel);
      const close = () => {
        form.replaceWith(resetButton);
        resetButton.focus();
      };
      cancel.addEventListener('click', close);
      form.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.preventDefault(); close(); } });
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        if (!input.value) {
          input.focus();
          showError('Enter a new password.');
          return;
        }
        form.setAttribute('aria-busy', 'true');
        try {
          await updateUser(user.name, { password: input.value });
          showStatus(`Password for ${user.name} changed`, { kind: 'success' });
          close();
        } catch (err) {
          form.removeAttribute('aria-busy');
          if (err.status !== 401) showError(err);
        }
      });
      resetButton.replaceWith(form);
      input.focus();
    });

    const remove = h('button', { type: 'button', class: 'button button-small button-danger',
      'aria-label': `Remove ${user.name}` }, icon('close', { size: 14 }), 'Remove');
    const row = h('tr', { dataset: { user: user.name } },
      h('th', { scope: 'row' }, user.name, isMe ? h('span', { class: 'badge badge-soft', text: 'you' }) : null),
      h('td', {}, role),
      passwordCell,
      h('td', { class: 'cell-actions' }, remove));

    remove.addEventListener('click', async () => {
      const ok = await confirmDialog({
        title: `Remove ${user.name}?`,
        message: isMe
          ? 'This is your own account: you will be signed out and cannot sign in again with it.'
          : `${user.name} will no longer be able to sign in.`,
        confirmLabel: 'Remove',
      });
      if (!ok) { remove.focus(); return; }
      remove.disabled = true;
      try {
        await deleteUser(user.name);
        showStatus(`Removed ${user.name}`, { kind: 'success' });
        const focusNext = row.nextElementSibling || row.previousElementSibling;
        row.remove();
        if (isMe) { await ctx.refreshMe(); return; }
        (focusNext && focusNext.querySelector('button')) ? focusNext.querySelector('button').focus() : newName.focus();
      } catch (err) {
        remove.disabled = false;
        remove.focus();
        if (err.status !== 401) showError(err); // e.g. 409: cannot remove the last admin
      }
    });
    return row;
  }

  addForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    addError.textContent = '';
    const name = newName.value.trim();
    if (!name) { addError.textContent = 'Enter a name.'; newName.focus(); return; }
    if (!newPassword.value) { addError.textContent = 'Enter a password.'; newPassword.focus(); return; }
    addButton.disabled = true;
    try {
      await createUser({ name, password: newPassword.value, role: newRole.value });
      showStatus(`Added ${name}`, { kind: 'success' });
      addForm.reset();
      await loadUsers();
      newName.focus();
    } catch (err) {
      if (isAbort(err)) return;
      if (err.status !== 401) {
        addError.textContent = errorText(err);
        showError(err);
      }
    } finally {
      addButton.disabled = false;
    }
  });

  async function loadStats() {
    refreshStats.disabled = true;
    try {
      const stats = await getStats(signal);
      clear(statsList);
      const breaker = findBreaker(stats);
      clear(breakerHost);
      if (breaker) breakerHost.appendChild(breakerCard(breaker.value));
      const rows = flatten(stats)
        .filter(([key]) => !breaker || (key !== breaker.path && !key.startsWith(`${breaker.path}.`)))
        // colocated there is no remote streamer: no "remote streamer —" row
        .filter(([key, value]) => !(value === null && /(^|\.)remoteStreamer$/.test(key)));
      if (!rows.length) statsList.appendChild(h('div', { class: 'meta-row' }, h('dt', { text: 'No counters yet' }), h('dd', { text: '—' })));
      for (const [key, value] of rows) {
        statsList.appendChild(h('div', { class: 'meta-row', dataset: { key } },
          h('dt', { text: humanize(key) }), h('dd', { text: formatValue(key, value) })));
      }
    } finally {
      refreshStats.disabled = false;
    }
  }
  refreshStats.addEventListener('click', () => loadStats().catch((err) => {
    if (!isAbort(err) && err.status !== 401) showError(err);
  }));
  // While the breaker is not closed the state moves on its own (half-open trials, recovery): keep the card
  // current, quietly, while the page is visible.
  const autoRefresh = setInterval(() => {
    const card = breakerHost.querySelector('.breaker-card');
    if (!card || card.dataset.state === 'closed' || document.visibilityState !== 'visible' || refreshStats.disabled) return;
    loadStats().catch(() => {});
  }, BREAKER_REFRESH_MS);
  if (ctx.onCleanup) ctx.onCleanup(() => clearInterval(autoRefresh));

  const results = await Promise.allSettled([loadUsers(), loadStats()]);
  if (signal.aborted) return;
  for (const r of results) {
    if (r.status === 'rejected') {
      const err = r.reason;
      if (isAbort(err)) return;
      if (err.status === 401) throw err;
      showError(err);
    }
  }
  ctx.setView('admin');
}

// ---------------------------------------------------------------- streamer breaker

/**
 * The breaker object in /api/stats: {state: CLOSED|OPEN|HALF_OPEN, since, lastError, transitions, ...}, under a
 * known key or anywhere at most 3 levels deep.
 */
function findBreaker(obj, path = '', depth = 0) {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj) || depth > 3) return null;
  for (const key of BREAKER_KEYS) {
    const v = obj[key];
    if (v && typeof v === 'object' && !Array.isArray(v) && stateOf(v)) return { path: path ? `${path}.${key}` : key, value: v };
  }
  for (const [k, v] of Object.entries(obj)) {
    if (!v || typeof v !== 'object' || Array.isArray(v)) continue;
    const here = path ? `${path}.${k}` : k;
    if (stateOf(v) && ('since' in v || 'transitions' in v || 'lastError' in v)) return { path: here, value: v };
    const found = findBreaker(v, here, depth + 1);
    if (found) return found;
  }
  return null;
}

function stateOf(b) {
  const s = typeof b.state === 'string' ? b.state.trim().toLowerCase().replace(/[-\s]/g, '_') : '';
  return s === 'halfopen' ? 'half_open' : (BREAKER_STATES[s] ? s : null);
}

function breakerCard(b) {
  const state = stateOf(b);
  const [label, summary] = BREAKER_STATES[state];
  const since = b.since ?? b.stateSince ?? b.changedAt ?? b.lastTransitionAt;
  const lastError = b.lastError ?? b.lastFailure ?? b.error;
  const lastErrorAt = b.lastErrorAt ?? b.lastFailureAt;
  const transitions = b.transitions ?? b.transitionCount;
  const list = h('dl', { class: 'stats-list' });
  const row = (term, value, key) => {
    if (value === null || value === undefined || value === '') return;
    list.appendChild(h('div', { class: 'meta-row', dataset: { key } }, h('dt', { text: term }), h('dd', {}, value)));
  };
  row('Since', since !== undefined && since !== null ? sinceText(since) : null, 'since');
  const errorText = lastError ? (typeof lastError === 'object' ? (lastError.message || JSON.stringify(lastError)) : String(lastError)) : 'none';
  row('Last error', lastError && lastErrorAt ? [errorText, ' (', sinceText(lastErrorAt), ')'] : errorText, 'lastError');
  const history = Array.isArray(transitions) ? transitions : null;
  row('Transitions', history ? history.length.toLocaleString() : (typeof transitions === 'number' ? transitions.toLocaleString() : null), 'transitions');
  const remote = [b.remote, b.url, b.streamerUrl].find((v) => typeof v === 'string' && v);
  if (remote) row('Streamer', remote, 'remote');
  if (typeof b.failures === 'number') row('Failures', b.failures.toLocaleString(), 'failures');
  if (b.calls && typeof b.calls === 'object' && !Array.isArray(b.calls)) {
    const calls = Object.entries(b.calls).filter(([, n]) => typeof n === 'number')
      .map(([k, n]) => `${humanize(k).toLowerCase()} ${n.toLocaleString()}`).join(' \u00b7 ');
    row('Calls', calls || null, 'calls');
  }

  const card = h('section', { class: 'breaker-card', id: 'breaker', dataset: { state }, 'aria-labelledby': 'breaker-title' },
    h('div', { class: 'breaker-head' },
      h('h3', { class: 'breaker-title', id: 'breaker-title', text: 'Remote streamer' }),
      h('span', { class: 'breaker-state', id: 'breaker-state', text: label })),
    h('p', { class: 'breaker-summary', text: summary }),
    list);
  if (history && history.length) {
    card.appendChild(h('details', { class: 'breaker-history' },
      h('summary', { text: 'Recent transitions' }),
      h('ol', { class: 'breaker-transitions', reversed: true },
        history.slice(-5).reverse().map((t) => h('li', { text: transitionText(t) })))));
  }
  return card;
}

function sinceText(value) {
  const when = typeof value === 'number' ? new Date(value < 1e12 ? value * 1000 : value) : new Date(String(value));
  if (Number.isNaN(when.getTime())) return String(value);
  const seconds = Math.max(0, Math.round((Date.now() - when.getTime()) / 1000));
  const ago = seconds < 90 ? `${seconds} s ago` : seconds < 5400 ? `${Math.round(seconds / 60)} min ago` : `${Math.round(seconds / 3600)} h ago`;
  return h('time', { datetime: when.toISOString(), title: formatDateTime(when.toISOString()), text: ago });
}

function transitionText(t) {
  if (!t || typeof t !== 'object') return String(t);
  const at = t.at ?? t.time ?? t.since;
  const when = at !== undefined ? new Date(typeof at === 'number' && at < 1e12 ? at * 1000 : at) : null;
  const parts = [[t.from, t.to].filter(Boolean).join(' \u2192 ')];
  if (when && !Number.isNaN(when.getTime())) parts.push(formatDateTime(when.toISOString()));
  if (t.reason || t.error) parts.push(String(t.reason || t.error));
  return parts.filter(Boolean).join(' \u00b7 ');
}

function cssId(name) {
  return String(name).replace(/[^a-zA-Z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`);
}

/** {a: {b: 1}, c: 2} -> [['a.b', 1], ['c', 2]] */
function flatten(obj, prefix = '', out = []) {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    if (prefix) out.push([prefix, obj]);
    return out;
  }
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) flatten(v, key, out);
    else out.push([key, v]);
  }
  return out;
}

function humanize(key) {
  return key.split('.').map((part) => part
    .replace(/([a-z0-9])([A-Z])/g, (_, a, b) => `${a} ${b.toLowerCase()}`)
    .replace(/[_-]+/g, ' ')
    .replace(/^./, (c) => c.toUpperCase())).join(' › ');
}

function formatValue(key, value) {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') {
    if (/bytes/i.test(key) && value >= 1024) return `${formatSize(value)} (${value.toLocaleString()} B)`;
    return value.toLocaleString();
  }
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ') || '—';
  return String(value);
}

/** A modal confirm built on <dialog>; resolves true when confirmed. Cancel has focus first. */
export function confirmDialog({ title, message, confirmLabel = 'OK' }) {
  return new Promise((resolve) => {
    const cancel = h('button', { type: 'submit', value: 'cancel', class: 'button', text: 'Cancel', autofocus: true });
    const confirm = h('button', { type: 'submit', value: 'confirm', class: 'button button-danger', id: 'confirm-ok', text: confirmLabel });
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': 'dialog-title', 'aria-describedby': 'dialog-message' },
      h('form', { method: 'dialog' },
        h('h2', { id: 'dialog-title', text: title }),
        h('p', { id: 'dialog-message', text: message }),
        h('div', { class: 'dialog-actions' }, cancel, confirm)));
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'confirm');
      dialog.remove();
    }, { once: true });
    document.body.appendChild(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
