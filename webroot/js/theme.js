// Dark / light theme. <html data-theme> always names the theme in force (js/theme-boot.js sets it
// before first paint): the stored choice, else the system's, followed live while no choice is stored.
// The toggle stores an explicit choice in localStorage.
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

function systemTheme() {
  return darkQuery.matches ? 'dark' : 'light';
}

export function currentTheme() {
  const shown = document.documentElement.dataset.theme;
  return shown === 'dark' || shown === 'light' ? shown : systemTheme();
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
  document.documentElement.dataset.theme = stored() || systemTheme();
  const button = document.getElementById('theme-toggle');
  if (button) {
    button.addEventListener('click', () => setTheme(currentTheme() === 'dark' ? 'light' : 'dark'));
  }
  darkQuery.addEventListener('change', () => {
    if (!stored()) document.documentElement.dataset.theme = systemTheme();
    updateButton();
  });
  updateButton();
}
