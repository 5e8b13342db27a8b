// "Open a Telegram link" (home page, Telegram backend): a post link pasted from Telegram leads to its player.
// GET /api/links?url=… answers the file id; errors (not a post link, not one of our channels) show in place.
import { h } from './dom.js';
import { openPostLink } from './api.js';
import { errorText } from './status.js';

export function openLinkForm() {
  const error = h('p', { class: 'form-error', id: 'open-link-error', role: 'alert', 'aria-live': 'assertive' });
  const input = h('input', { id: 'open-link-url', name: 'url', type: 'url', required: true, inputmode: 'url',
    placeholder: 'https://t.me/channel/123', autocomplete: 'off', spellcheck: 'false',
    'aria-describedby': 'open-link-error' });
  const submit = h('button', { type: 'submit', class: 'button', text: 'Open' });
  const form = h('form', { id: 'open-link-form', class: 'inline-form open-link-form', novalidate: true },
    h('label', { for: 'open-link-url', text: 'Open a Telegram post link' }), input, submit, error);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    const url = input.value.trim();
    if (!url) {
      error.textContent = 'Paste a link such as https://t.me/channel/123.';
      input.focus();
      return;
    }
    form.setAttribute('aria-busy', 'true');
    submit.disabled = true;
    try {
      const found = await openPostLink(url);
      location.hash = `#/f/${encodeURIComponent(found.fileId)}`;
    } catch (err) {
      if (err.status === 401) return; // the login view takes over
      error.textContent = errorText(err);
      input.focus();
    } finally {
      form.removeAttribute('aria-busy');
      submit.disabled = false;
    }
  });
  return form;
}
