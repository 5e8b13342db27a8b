// Keeps the player going through a streamer outage (split mode: the remote streamer dies or freezes,
// the UI's circuit breaker opens, and file details start pointing at the UI's own /raw-stream).
//
// - A media `error`: ask for the file again (GET /api/files/{id}), set the new streamUrl and resume at the
//   same position and play state. Bounded attempts with backoff; the status line says what happens.
// - No data while playing (Chromium retries a dead connection for about 30 s before it reports an error, and a
//   frozen streamer never answers at all): after a short quiet spell ask for the file again and switch only
//   when the link changed (the breaker moved to the other path); after a long one reload anyway.
// - A badge says which path serves (remote streamer / local streaming), from the details' `servedBy`.
//
// Nothing here knows about transports: it only compares what the server says now with what it said before.
import { h, clear } from './dom.js';
import { getFile, isAbort } from './api.js';
import { formatDuration } from './format.js';

/** Wait before attempt n (1-based): the first one is immediate, later ones back off. */
export const RETRY_DELAYS_MS = [0, 1000, 2000, 4000, 8000, 15000];
/** Loading but no bytes for this long while playing: ask whether the path changed. */
const QUIET_CHECK_MS = 1500;
/** Between two such checks while the quiet spell goes on (doubling up to the maximum). */
const RECHECK_MS = 1000;
const MAX_RECHECK_MS = 4000;
/** No bytes and no progress for this long while playing: reload even when the link did not change. */
const STALL_RELOAD_MS = 12000;
/** Seconds of playback after a resume that make it a success again (the attempt count starts over). */
const STABLE_AFTER_S = 5;
/** A file that never loaded (no metadata yet) and keeps its link gets this many attempts, then the codec message. */
const NO_METADATA_ATTEMPTS = 2;
const RESUMED_NOTE_MS = 5000;

const PATHS = {
  remote: { text: 'Remote streamer', title: 'Served by the dedicated streamer service' },
  local: { text: 'Local streaming', title: 'Served by this server\u2019s own engine (the streamer is unavailable)' },
};

/** Which path serves a file's links: 'remote', 'local', or null when the server does not say. */
export function servedByOf(file) {
  const v = file && (file.servedBy ?? (file.streamer && file.streamer.servedBy));
  const s = typeof v === 'string' ? v.toLowerCase() : '';
  return s === 'remote' || s === 'local' ? s : null;
}

/** The small "which path serves" badge; hidden until the server names a path. */
export function pathBadge(file) {
  const badge = h('span', { class: 'path-badge', id: 'served-by' },
    h('span', { class: 'path-dot', 'aria-hidden': 'true' }),
    h('span', { class: 'path-text' }));
  updatePathBadge(badge, servedByOf(file));
  return badge;
}

export function updatePathBadge(badge, path) {
  if (!badge) return;
  const info = PATHS[path];
  badge.hidden = !info;
  if (!info) {
    delete badge.dataset.path;
    return;
  }
  badge.dataset.path = path;
  badge.title = info.title;
  badge.querySelector('.path-text').textContent = info.text;
}

/**
 * @param {object} o
 * @param {HTMLMediaElement} o.media
 * @param {object} o.file            the details object (updated in place with fresh links)
 * @param {string} o.fileId
 * @param {AbortSignal} o.signal     the view's signal (leaving the page stops everything)
 * @param {HTMLElement} o.statusLine the player's status line: a live region that stays in the DOM (empty when idle)
 * @param {HTMLElement} o.badge      from pathBadge()
 * @param {(fresh: object) => void} [o.onFresh]  called with fresh details (e.g. to update the download link)
 * @param {(err: MediaError|null, neverLoaded: boolean) => void} o.onGiveUp
 * @returns {{ destroy(): void, state(): object }}
 */
export function keepPlaying({ media, file, fileId, signal, statusLine, badge, onFresh, onGiveUp }) {
  let destroyed = false;
  let everLoaded = false;        // metadata arrived at least once
  let intendPlay = false;        // the person's play state (play/pause events outside a reload)
  let lastTime = 0;              // last position seen while the media was loaded
  let lastDataAt = performance.now();
  let lastAdvanceAt = performance.now();
  let starvedSince = 0;          // waiting/stalled while playing, no progress since
  let nextCheckAt = 0;
  let checkEvery = RECHECK_MS;
  let checking = false;          // a quiet-spell details request is in flight
  let episode = null;            // { attempts, resumeAt, play, reloading, resumed, since }
  let retryTimer = 0;
  let noteTimer = 0;
  let recoveries = 0;
  let watchdog = 0;

  const now = () => performance.now();
  const reloading = () => Boolean(episode && episode.reloading);

  function setStatus(text, kind) {
    clearTimeout(noteTimer);
    statusLine.dataset.kind = kind || '';
    clear(statusLine);
    if (text) {
      if (kind === 'working') statusLine.appendChild(h('span', { class: 'player-status-pulse', 'aria-hidden': 'true' }));
      statusLine.appendChild(h('span', { class: 'player-status-text', text }));
    }
  }

  function positionNow() {
    const t = media.currentTime;
    if (!reloading() && media.readyState >= 1 && Number.isFinite(t) && t > 0) return t;
    return lastTime;
  }

  function applyFresh(fresh) {
    if (!fresh) return;
    for (const key of ['streamUrl', 'downloadUrl', 'servedBy', 'playerLinks']) {
      if (fresh[key] !== undefined) file[key] = fresh[key];
    }
    updatePathBadge(badge, servedByOf(fresh));
    if (onFresh) onFresh(fresh);
  }

  function load(url, at, play) {
    episode.reloading = true;
    episode.resumeAt = at;
    episode.play = play;
    episode.loadStartedAt = now();
    media.dataset.recoveries = String(++recoveries);
    if (media.getAttribute('src') === url) media.load();
    else media.src = url;
  }

  // ---- the hard path: reload (on a new link when there is one) and resume
  async function recover(reason) {
    if (destroyed || retryTimer || (episode && episode.fetching)) return;
    if (!episode) episode = { attempts: 0, resumeAt: positionNow(), play: intendPlay, since: now() };
    else if (!episode.reloading) episode.resumeAt = positionNow() || episode.resumeAt;
    episode.resumed = false;
    const failed = media.error;
    const max = !everLoaded && failed && failed.code === 4 ? NO_METADATA_ATTEMPTS : RETRY_DELAYS_MS.length;
    if (episode.attempts >= max) {
      giveUp(failed);
      return;
    }
    const attempt = ++episode.attempts;
    const where = episode.resumeAt > 0 ? ` at ${formatDuration(episode.resumeAt)}` : '';
    setStatus(`${reason === 'error' ? 'Playback interrupted' : 'The stream stopped'}: reconnecting${where} `
      + `(attempt ${attempt} of ${max})\u2026`, 'working');
    const delay = RETRY_DELAYS_MS[attempt - 1] || RETRY_DELAYS_MS[RETRY_DELAYS_MS.length - 1];
    await new Promise((resolve) => {
      retryTimer = setTimeout(() => { retryTimer = 0; resolve(); }, delay);
    });
    if (destroyed) return;
    episode.fetching = true;
    let fresh;
    try {
      fresh = await getFile(fileId, signal);
    } catch (err) {
      if (destroyed || isAbort(err) || signal.aborted) return;
      episode.fetching = false;
      if (err.status === 401) return; // the app shows the login view
      recover('error'); // counts as an attempt; backs off
      return;
    }
    if (destroyed) return;
    episode.fetching = false;
    const before = media.getAttribute('src');
    applyFresh(fresh);
    const url = fresh.streamUrl || before;
    if (!everLoaded && failed && failed.code === 4 && url === before && attempt >= max) {
      giveUp(failed); // same link, never played: a format this browser cannot play, not an outage
      return;
    }
    load(url, episode.resumeAt, episode.play);
  }

  function giveUp(err) {
    const neverLoaded = !everLoaded;
    episode = null;
    starvedSince = 0;
    const again = h('button', { type: 'button', class: 'button button-small', id: 'player-retry', text: 'Try again' });
    again.addEventListener('click', () => {
      episode = null;
      recover('error');
    });
    setStatus(neverLoaded ? 'Playback failed.' : 'Could not resume playback.', 'error');
    statusLine.append(' ', again);
    onGiveUp(err, neverLoaded);
  }

  // ---- the soft path: while playing with no data, ask whether the link changed
  async function checkPath() {
    if (destroyed || checking || retryTimer || (episode && (episode.reloading || episode.fetching))) return;
    checking = true;
    let fresh;
    try {
      fresh = await getFile(fileId, signal);
    } catch {
      return; // the hard path takes over if this lasts
    } finally {
      checking = false;
    }
    if (destroyed || retryTimer || (episode && (episode.reloading || episode.fetching))) return;
    if (!starvedSince && !quiet()) return; // bytes came back meanwhile
    const current = media.getAttribute('src');
    if (!fresh.streamUrl || fresh.streamUrl === current) {
      updatePathBadge(badge, servedByOf(fresh));
      return;
    }
    const at = positionNow();
    if (!episode) episode = { attempts: 0, since: now() };
    episode.attempts++;
    const path = PATHS[servedByOf(fresh)];
    setStatus(`The stream stopped: switching to ${path ? path.text.toLowerCase() : 'a new link'}`
      + (at > 0 ? ` at ${formatDuration(at)}` : '') + '\u2026', 'working');
    applyFresh(fresh);
    load(fresh.streamUrl, at, intendPlay);
  }

  /** Loading, playing, and no bytes for a while. */
  function quiet() {
    return everLoaded && intendPlay && !media.ended && media.networkState === HTMLMediaElement.NETWORK_LOADING
      && now() - lastDataAt >= QUIET_CHECK_MS;
  }

  function tick() {
    if (destroyed || retryTimer || (episode && episode.fetching)) return;
    const t = now();
    if (episode && episode.reloading) {
      // a reload that neither fails nor delivers (a frozen streamer): give it up and try again
      if (t - Math.max(episode.loadStartedAt, lastDataAt) >= STALL_RELOAD_MS) {
        episode.reloading = false;
        recover('stall');
      }
      return;
    }
    if (!intendPlay || media.ended) {
      checkEvery = RECHECK_MS;
      return;
    }
    const starving = starvedSince > 0 && t - Math.max(starvedSince, lastDataAt) >= QUIET_CHECK_MS;
    if (starving || quiet()) {
      if (t >= nextCheckAt) {
        nextCheckAt = t + checkEvery;
        checkEvery = Math.min(checkEvery * 2, MAX_RECHECK_MS);
        checkPath();
      }
    } else {
      checkEvery = RECHECK_MS;
    }
    if (starvedSince > 0 && t - Math.max(starvedSince, lastDataAt, lastAdvanceAt) >= STALL_RELOAD_MS) {
      starvedSince = 0;
      recover('stall');
    }
  }

  // ---- media events
  const on = {
    loadedmetadata() {
      everLoaded = true;
      if (!reloading()) return;
      const at = episode.resumeAt;
      const d = media.duration;
      if (at > 0 && (!Number.isFinite(d) || at < d)) {
        try { media.currentTime = at; } catch { /* not seekable yet: play from where it is */ }
      }
      if (episode.play) {
        const p = media.play();
        if (p && p.catch) p.catch(() => {});
      }
    },
    canplay() {
      if (!reloading() || episode.play) return;
      resumed(); // paused before the outage: ready again at the same place
    },
    playing() {
      starvedSince = 0;
      if (reloading()) resumed();
    },
    progress() {
      lastDataAt = now();
      checkEvery = RECHECK_MS;
    },
    timeupdate() {
      if (reloading()) return; // a reload moves the clock to 0 first
      const t = media.currentTime;
      if (Number.isFinite(t) && t !== lastTime) {
        if (t > lastTime) {
          lastAdvanceAt = now();
          starvedSince = 0;
        }
        lastTime = t;
      }
      if (episode && episode.resumed && t >= episode.resumeAt + STABLE_AFTER_S) episode = null;
    },
    seeking() {
      if (!reloading() && Number.isFinite(media.currentTime)) lastTime = media.currentTime;
    },
    waiting() { if (intendPlay && !starvedSince) starvedSince = now(); },
    stalled() { if (intendPlay && !starvedSince) starvedSince = now(); },
    play() { if (!reloading()) intendPlay = true; },
    pause() {
      if (reloading()) return;
      intendPlay = false;
      starvedSince = 0;
    },
    ended() { intendPlay = false; starvedSince = 0; },
    error() {
      if (!media.error || !media.getAttribute('src')) return;
      if (episode) episode.reloading = false;
      recover('error');
    },
  };

  function resumed() {
    episode.reloading = false;
    episode.resumed = true;
    lastTime = media.currentTime || episode.resumeAt;
    lastAdvanceAt = now();
    lastDataAt = now();
    starvedSince = 0;
    const path = PATHS[badge && badge.dataset.path];
    setStatus(`Playback resumed${episode.resumeAt > 0 ? ` at ${formatDuration(episode.resumeAt)}` : ''}`
      + (path ? ` (${path.text.toLowerCase()})` : ''), 'success');
    noteTimer = setTimeout(() => setStatus('', ''), RESUMED_NOTE_MS);
    if (!episode.play) episode = null;
  }

  for (const [type, fn] of Object.entries(on)) media.addEventListener(type, fn);
  watchdog = setInterval(tick, 500);
  setStatus('', '');

  return {
    destroy() {
      destroyed = true;
      clearInterval(watchdog);
      clearTimeout(retryTimer);
      clearTimeout(noteTimer);
      for (const [type, fn] of Object.entries(on)) media.removeEventListener(type, fn);
    },
    /** For tests and diagnostics. */
    state() {
      return { recoveries, attempts: episode ? episode.attempts : 0, intendPlay, starvedSince, everLoaded };
    },
  };
}
