// Classic (non-module) script loaded in <head> so the theme applies before first paint: the remembered choice,
// else the system's. <html data-theme> is always set, so the CSS holds each theme's values once.
(function () {
  var t = null;
  try {
    t = localStorage.getItem('tgstream.theme');
  } catch (e) { /* storage blocked: follow the system theme */ }
  if (t !== 'dark' && t !== 'light') {
    t = window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }
  document.documentElement.setAttribute('data-theme', t);
})();
