// Global keyboard shortcuts. "/" focuses search from anywhere (unless typing); the current view
// may register a handler for its own keys (the details page: space, arrows, f, m).
import { isTypingTarget } from './dom.js';

let viewHandler = null;
let focusSearch = () => {};

/** @param {{focusSearch: () => void}} opts */
export function initKeyboard(opts) {
  focusSearch = opts.focusSearch;
  document.addEventListener('keydown', onKeyDown);
}

/** The handler returns true when it used the key (the default action is then prevented). */
export function setViewKeyHandler(fn) {
  viewHandler = fn;
}

function onKeyDown(event) {
  if (event.defaultPrevented || event.isComposing) return;
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (isTypingTarget(event.target)) return;
  if (document.querySelector('dialog[open]')) return; // modal dialogs own the keyboard

  if (event.key === '/') {
    event.preventDefault();
    focusSearch();
    return;
  }
  if (viewHandler && viewHandler(event)) event.preventDefault();
}
