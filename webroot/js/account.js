// Account view (#/account, everyone signed in): change your own password with the current one.
// Other sessions of the account end on the server when it changes; this tab stays signed in.
import { h } from './dom.js';
import { changePassword } from './api.js';
import { showStatus, errorText } from './status.js';

const MIN_LENGTH = 8;

export async function render(ctx) {
  const { container, me } = ctx;
  ctx.setTitle('Account');

  container.appendChild(h('div', { class: 'page-head' },
    h('h1', { class: 'page-title', tabindex: '-1', text: 'Account' }),
    h('p', { class: 'page-subtitle', text: `Signed in as ${me.name}.` })));

  const error = h('p', { class: 'form-error', id: 'password-error', role: 'alert', 'aria-live': 'assertive' });
  const current = h('input', { id: 'current-password', name: 'current', type: 'password', required: true,
    autocomplete: 'current-password' });
  const next = h('input', { id: 'new-password', name: 'new', type: 'password', required: true,
    autocomplete: 'new-password', minlength: String(MIN_LENGTH), 'aria-describedby': 'new-password-hint' });
  const repeat = h('input', { id: 'repeat-password', name: 'repeat', type: 'password', required: true,
    autocomplete: 'new-password' });
  const submit = h('button', { type: 'submit', class: 'button button-primary', text: 'Change password' });
  const form = h('form', { id: 'password-form', class: 'add-user-form', novalidate: true,
    'aria-labelledby': 'password-title' },
    h('div', { class: 'field' }, h('label', { for: 'current-password', text: 'Current password' }), current),
    h('div', { class: 'field' }, h('label', { for: 'new-password', text: 'New password' }), next,
      h('p', { class: 'field-hint', id: 'new-password-hint', text: `At least ${MIN_LENGTH} characters.` })),
    h('div', { class: 'field' }, h('label', { for: 'repeat-password', text: 'New password again' }), repeat),
    error,
    h('p', { class: 'button-row' }, submit));

  container.appendChild(h('section', { class: 'admin-section', 'aria-labelledby': 'password-title' },
    h('h2', { id: 'password-title', class: 'section-title', text: 'Password' }),
    me.authEnabled === false
      ? h('p', { text: 'Sign-in is off (UI_AUTH=off), so there is no password to change.' })
      : form));

  ctx.setView('account');

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    const problem = !current.value ? [current, 'Enter your current password.']
      : next.value.length < MIN_LENGTH ? [next, `The new password needs at least ${MIN_LENGTH} characters.`]
        : next.value !== repeat.value ? [repeat, 'The two new passwords differ.'] : null;
    if (problem) {
      error.textContent = problem[1];
      problem[0].focus();
      return;
    }
    form.setAttribute('aria-busy', 'true');
    submit.disabled = true;
    try {
      await changePassword(current.value, next.value);
      form.reset();
      showStatus('Password changed. Your other sessions were signed out.', { kind: 'success' });
    } catch (err) {
      if (err.status === 401) return; // the session ended: the login view takes over
      error.textContent = errorText(err);
      (err.status === 403 ? current : next).focus();
    } finally {
      form.removeAttribute('aria-busy');
      submit.disabled = false;
    }
  });
}
