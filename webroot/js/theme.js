// Dark / light theme. Default follows prefers-color-scheme (pure CSS); the toggle stores an
// explicit choice in localStorage and sets <html data-theme>. js/theme-boot.js applies the
// stored choice before first paint.
import { icon } from './icons.js';
import { clear } from './dom.js';

const KEY = 'tgstream.theme';
const darkQuery = window.matchMedia('(prefers-color-scheme: dark)');

function stored() {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'dark' || v === 'light' ? v : null;
  } catch {
    return null;
  }
}

export function currentTheme() {
  const explicit = document.documentElement.dataset.theme;
  if (explicit === 'dark' || explicit === 'light') return explicit;
  return darkQuery.matches ? 'dark' : 'light';
}

export function setTheme(theme) {
  document.documentElement.dataset.theme = theme;
  try {
    localStorage.setItem(KEY, theme);
  } catch { /* private mode: the choice lasts for this page only */ }
  updateButton();
}

function updateButton() {
  const button = document.getElementById('theme-toggle');
  if (!button) return;
  const theme = currentTheme();
  const next = theme === 'dark' ? 'light' : 'dark';
  const label = `Switch to ${next} theme`;
  button.setAttribute('aria-label', label);
  button.title = label;
  button.dataset.theme = theme;
  clear(button).appendChild(icon(theme === 'dark' ? 'sun' : 'moon'));
}

export function initTheme() {
  const s = stored();
  if (s) document.documentElement.dataset.theme = s;
  const button = document.getElementById('theme-toggle');
  if (button) {
    button.addEventListener('click', () => setTheme(currentTheme() === 'dark' ? 'light' : 'dark'));
  }
  darkQuery.addEventListener('change', updateButton);
  updateButton();
}
