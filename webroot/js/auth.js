// Login view: name + password form, errors in an aria-live region, 429 countdown.
import { h } from './dom.js';
import { login, ApiError } from './api.js';
import { icon } from './icons.js';

/**
 * @param {HTMLElement} container
 * @param {{notice?: string, onLoggedIn: () => Promise<void>|void, setView: (v: string) => void}} opts
 */
export function renderLogin(container, { notice, onLoggedIn, setView }) {
  const error = h('p', { class: 'form-error', id: 'login-error', role: 'alert', 'aria-live': 'assertive' });
  const name = h('input', {
    id: 'login-name', name: 'name', type: 'text', autocomplete: 'username', required: true,
    autocapitalize: 'none', spellcheck: 'false', 'aria-describedby': 'login-error',
  });
  const password = h('input', {
    id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true,
    'aria-describedby': 'login-error',
  });
  const submit = h('button', { type: 'submit', class: 'button button-primary button-block', id: 'login-submit', text: 'Sign in' });

  let cooldownTimer = 0;

  function setError(message) {
    error.textContent = message || '';
    const invalid = Boolean(message);
    name.toggleAttribute('aria-invalid', invalid);
    password.toggleAttribute('aria-invalid', invalid);
  }

  function startCooldown(seconds) {
    clearInterval(cooldownTimer);
    let left = Math.max(1, Math.ceil(seconds));
    submit.disabled = true;
    const tick = () => {
      if (!container.isConnected) { clearInterval(cooldownTimer); return; }
      if (left <= 0) {
        clearInterval(cooldownTimer);
        submit.disabled = false;
        submit.textContent = 'Sign in';
        setError('');
        return;
      }
      // Only the first message is announced; the button shows the countdown.
      submit.textContent = `Wait ${left} s`;
      left--;
    };
    setError(`Too many attempts, try again in ${left} s`);
    tick();
    cooldownTimer = setInterval(tick, 1000);
  }

  const form = h('form', {
    id: 'login-form', class: 'login-form', novalidate: true, 'aria-labelledby': 'login-title',
    on: {
      submit: async (event) => {
        event.preventDefault();
        if (submit.disabled) return;
        const n = name.value.trim();
        const p = password.value;
        if (!n || !p) {
          setError(!n ? 'Enter your user name.' : 'Enter your password.');
          (!n ? name : password).focus();
          return;
        }
        setError('');
        submit.disabled = true;
        submit.textContent = 'Signing in…';
        form.setAttribute('aria-busy', 'true');
        try {
          await login(n, p);
          await onLoggedIn();
        } catch (err) {
          form.removeAttribute('aria-busy');
          submit.disabled = false;
          submit.textContent = 'Sign in';
          if (err instanceof ApiError && err.status === 429) {
            startCooldown(err.retryAfter ?? 30);
          } else if (err instanceof ApiError && err.status === 401) {
            setError(err.detail && err.detail !== 'Please sign in.' ? err.detail : 'Wrong user name or password.');
            password.select();
            password.focus();
          } else {
            setError(err && err.detail ? err.detail : 'Sign-in failed. Try again.');
          }
        }
      },
    },
  },
  h('div', { class: 'field' },
    h('label', { for: 'login-name', text: 'User name' }),
    name),
  h('div', { class: 'field' },
    h('label', { for: 'login-password', text: 'Password' }),
    password),
  error,
  submit);

  const panel = h('section', { class: 'login-panel', 'aria-labelledby': 'login-title' },
    h('div', { class: 'login-logo', 'aria-hidden': 'true' }, icon('play', { size: 28 })),
    h('h1', { id: 'login-title', text: 'Sign in to tgstream', tabindex: '-1' }),
    notice ? h('p', { class: 'login-notice', text: notice }) : null,
    form);

  container.appendChild(h('div', { class: 'login-wrap' }, panel));
  setView('login');
  name.focus();
}
