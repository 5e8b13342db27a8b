// Classic (non-module) script loaded in <head> so a remembered theme applies before first paint.
// Without a stored choice the CSS follows prefers-color-scheme.
(function () {
  try {
    var t = localStorage.getItem('tgstream.theme');
    if (t === 'dark' || t === 'light') document.documentElement.setAttribute('data-theme', t);
  } catch (e) { /* storage blocked: follow the system theme */ }
})();
