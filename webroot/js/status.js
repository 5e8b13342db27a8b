// The page-wide aria-live status region (#status in index.html): errors from the API
// (problem "detail"), confirmations, notices. Messages stack; errors stay until dismissed.
import { h } from './dom.js';

const MAX_MESSAGES = 3;

function region() {
  return document.getElementById('status');
}

/**
 * @param {string} message text to show (never HTML)
 * @param {{kind?: 'info'|'success'|'error', timeout?: number}} [opts]
 */
export function showStatus(message, opts = {}) {
  const root = region();
  if (!root || !message) return;
  const kind = opts.kind || 'info';
  const timeout = opts.timeout ?? (kind === 'error' ? 0 : 4000);

  // Same message already showing: don't stack duplicates.
  for (const existing of root.querySelectorAll('.status-message')) {
    if (existing.dataset.text === message) existing.remove();
  }
  const item = h('div', { class: ['status-message', `status-${kind}`], dataset: { text: message, kind } },
    h('span', { class: 'status-text', text: message }),
    h('button', {
      type: 'button', class: 'status-dismiss', 'aria-label': 'Dismiss message', text: '×',
      on: { click: () => item.remove() },
    }));
  root.appendChild(item);
  while (root.children.length > MAX_MESSAGES) root.firstElementChild.remove();
  if (timeout > 0) setTimeout(() => item.remove(), timeout);
}

export function showError(errOrMessage) {
  const message = typeof errOrMessage === 'string' ? errOrMessage : errorText(errOrMessage);
  showStatus(message, { kind: 'error' });
}

/** The text a person should see for a failure: the problem's detail when the server sent one. */
export function errorText(err) {
  if (!err) return 'Something went wrong';
  return err.detail || err.message || 'Something went wrong';
}

export function clearStatus(kind) {
  const root = region();
  if (!root) return;
  for (const item of [...root.children]) {
    if (!kind || item.dataset.kind === kind) item.remove();
  }
}
