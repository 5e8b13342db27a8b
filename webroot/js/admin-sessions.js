// Admin view, "Signed in": the live sessions (user, since, last used) with a button to end each one.
// GET /api/sessions lists them (ids are digests, not cookies); DELETE /api/sessions/{id} ends one.
import { h, clear } from './dom.js';
import { getSessions, endSession } from './api.js';
import { formatDateTime } from './format.js';
import { showError, showStatus } from './status.js';

export function sessionsSection(signal) {
  const tbody = h('tbody');
  const section = h('section', { class: 'admin-section', 'aria-labelledby': 'sessions-title' },
    h('h2', { id: 'sessions-title', class: 'section-title', text: 'Signed in' }),
    h('div', { class: 'table-wrap' },
      h('table', { class: 'users-table', id: 'sessions-table' },
        h('caption', { class: 'visually-hidden', text: 'Live sessions' }),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col', text: 'User' }),
          h('th', { scope: 'col', text: 'Since' }),
          h('th', { scope: 'col', text: 'Last used' }),
          h('th', { scope: 'col' }, h('span', { class: 'visually-hidden', text: 'End' })))),
        tbody)));

  async function load() {
    const data = await getSessions(signal);
    const items = data && Array.isArray(data.items) ? data.items : [];
    clear(tbody);
    for (const s of items) {
      const end = h('button', { type: 'button', class: 'button button-small button-danger',
        'aria-label': `End session of ${s.user} since ${formatDateTime(s.created)}`, disabled: s.current,
        title: s.current ? 'This is your own session: use Log out' : null, text: s.current ? 'This one' : 'End' });
      end.addEventListener('click', async () => {
        end.disabled = true;
        try {
          await endSession(s.id);
          showStatus(`Ended a session of ${s.user}`, { kind: 'success' });
          await load();
        } catch (err) {
          end.disabled = false;
          if (err.status !== 401) showError(err);
        }
      });
      tbody.appendChild(h('tr', {},
        h('td', { text: s.user }),
        h('td', {}, h('time', { datetime: s.created, text: formatDateTime(s.created) })),
        h('td', {}, h('time', { datetime: s.lastSeen, text: formatDateTime(s.lastSeen) })),
        h('td', { class: 'cell-actions' }, end)));
    }
  }

  load().catch((err) => {
    if (!signal.aborted && err.status !== 401) showError(err);
  });
  return section;
}
