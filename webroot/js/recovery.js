// Keeps the player going through a streamer outage (split mode: the remote streamer dies or freezes,
// the UI's circuit breaker opens, and file details start pointing at the UI's own /raw-stream).
//
// - A media `error`: ask for the file again (GET /api/files/{id}), set the new streamUrl and resume at the
//   same position and play state. Bounded attempts with backoff; the status line says what happens.
// - No bytes while playing: Chromium retries a dead connection on its own for a long time before it reports an
//   error (and a frozen streamer never answers at all), playing on from its buffer meanwhile. So while the
//   player is loading and its buffer stops growing with little left ahead (or it is already waiting), ask for the
//   file again and switch when the link moved to the other path; a player starved for long reloads anyway.
//   These checks are rate limited: pre-emptive ones (still playing) at most every 3 s; once the player waits,
//   after 0.5 s, then 1 s doubling up to 8 s while the wait lasts.
// - A badge says which path serves (remote streamer / local streaming), from the details' `servedBy`.
//
// Nothing here knows about transports: it only compares what the server says now with what it said before.
import { h, clear } from './dom.js';
import { getFile, isAbort } from './api.js';
import { formatDuration } from './format.js';

/** Wait before attempt n (1-based): the first one is immediate, later ones back off. */
export const RETRY_DELAYS_MS = [0, 1000, 2000, 4000, 8000, 15000];
const TICK_MS = 250;
/** Loading, buffer not growing this long, less than THIN_AHEAD_S left: worth asking whether the path changed. */
const QUIET_MS = 1500;
const THIN_AHEAD_S = 4;
/** Such pre-emptive checks (the player still plays) come at most this often: a thin buffer can be healthy. */
const PREEMPTIVE_GAP_MS = 3000;
/** Already waiting for data: ask after this, then again after STARVED_GAP_MS doubling up to MAX_STARVED_GAP_MS. */
const STARVED_QUIET_MS = 500;
const STARVED_GAP_MS = 1000;
const MAX_STARVED_GAP_MS = 8000;
/** Starved (or a reload that delivers nothing) this long: reload even when the link did not change. */
const STALL_RELOAD_MS = 12000;
/** Seconds of playback after a resume that make it a success again (the attempt count starts over). */
const STABLE_AFTER_S = 5;
/** A file that never loaded (no metadata yet) and keeps its path gets this many attempts, then the codec message. */
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
    h('span', { class: 'visually-hidden', text: 'Served by: ' }),
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

function originOf(url) {
  try {
    return new URL(url, location.href).origin;
  } catch {
    return String(url);
  }
}

/**
 * Links are signed per answer (a new token each time), so "the same link" means the same path: the same
 * servedBy when the server names it, else the same origin.
 */
function samePath(fresh, currentUrl, currentServedBy) {
  const a = servedByOf(fresh);
  if (a && currentServedBy) return a === currentServedBy;
  return originOf(fresh.streamUrl) === originOf(currentUrl);
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
  let servedBy = servedByOf(file);
  let bufferedEnd = 0;           // end of the buffered range around the playhead
  let lastGrowAt = performance.now();
  let lastAdvanceAt = performance.now();
  let starvedSince = 0;          // waiting/stalled while playing, no progress since
  let lastPreemptiveAt = -Infinity;
  let starvedCheckAt = 0;        // when the next check of this wait is due
  let starvedGap = STARVED_GAP_MS;
  let checking = false;          // a path check (details request) is in flight
  let episode = null;            // { attempts, resumeAt, play, reloading, fetching, resumed, loadStartedAt }
  let retryTimer = 0;
  let noteTimer = 0;
  let recoveries = 0;
  let checks = 0;

  const now = () => performance.now();
  const reloading = () => Boolean(episode && episode.reloading);
  const busy = () => Boolean(retryTimer || (episode && (episode.reloading || episode.fetching)));

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

  /** End of the buffered range that holds the playhead (the playhead itself when none does). */
  function bufferedAround() {
    const t = media.currentTime;
    const b = media.buffered;
    for (let i = 0; i < b.length; i++) {
      if (b.start(i) <= t + 0.25 && b.end(i) >= t) return b.end(i);
    }
    return t;
  }

  function applyFresh(fresh) {
    if (!fresh) return;
    for (const key of ['streamUrl', 'downloadUrl', 'servedBy', 'playerLinks']) {
      if (fresh[key] !== undefined) file[key] = fresh[key];
    }
    servedBy = servedByOf(fresh);
    updatePathBadge(badge, servedBy);
    if (onFresh) onFresh(fresh);
  }

  function load(url, at, play) {
    episode.reloading = true;
    episode.resumeAt = at;
    episode.play = play;
    episode.loadStartedAt = now();
    bufferedEnd = 0;
    media.dataset.recoveries = String(++recoveries);
    if (media.getAttribute('src') === url) media.load();
    else media.src = url;
  }

  // ---- the hard path: reload (on the fresh link) and resume
  async function recover(reason) {
    // a reload in progress does not block: its failure (or its silence) is what brings us here
    if (destroyed || retryTimer || (episode && episode.fetching)) return;
    if (!episode) episode = { attempts: 0, resumeAt: positionNow(), play: intendPlay };
    else if (!episode.reloading) episode.resumeAt = positionNow() || episode.resumeAt;
    episode.reloading = false;
    episode.resumed = false;
    const failed = media.error;
    const neverLoaded = !everLoaded && failed && failed.code === 4;
    const max = neverLoaded ? NO_METADATA_ATTEMPTS : RETRY_DELAYS_MS.length;
    if (episode.attempts >= max) {
      giveUp(failed);
      return;
    }
    const attempt = ++episode.attempts;
    const where = episode.resumeAt > 0 ? ` at ${formatDuration(episode.resumeAt)}` : '';
    setStatus(`${reason === 'error' ? 'Playback interrupted' : 'The stream stopped'}: reconnecting${where} `
      + `(attempt ${attempt} of ${max})\u2026`, 'working');
    const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length) - 1];
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
    const moved = fresh.streamUrl && !samePath(fresh, before, servedBy);
    applyFresh(fresh);
    if (neverLoaded && !moved && attempt >= max) {
      giveUp(failed); // the same path again and it never played: a format this browser cannot play, not an outage
      return;
    }
    load(fresh.streamUrl || before, episode.resumeAt, episode.play);
  }

  function giveUp(err) {
    const neverLoaded = !everLoaded;
    episode = null;
    starve(false);
    const again = h('button', { type: 'button', class: 'button button-small', id: 'player-retry', text: 'Try again' });
    again.addEventListener('click', () => {
      episode = null;
      recover('error');
    });
    setStatus(neverLoaded ? 'Playback failed.' : 'Could not resume playback.', 'error');
    statusLine.append(' ', again);
    onGiveUp(err, neverLoaded);
  }

  // ---- the soft path: no bytes while playing; switch when the link moved to the other path
  async function checkPath() {
    if (destroyed || checking || busy()) return;
    checking = true;
    checks++;
    const startedAt = now();
    let fresh;
    try {
      fresh = await getFile(fileId, signal);
    } catch {
      return; // the hard path takes over if this lasts
    } finally {
      checking = false;
    }
    if (destroyed || busy() || !fresh || !fresh.streamUrl) return;
    const current = media.getAttribute('src');
    if (samePath(fresh, current, servedBy)) {
      // still the same path: keep the link the player has (and its connection), just keep the badge honest
      updatePathBadge(badge, servedByOf(fresh) || servedBy);
      return;
    }
    if (lastGrowAt > startedAt && !starvedSince) return; // bytes came back meanwhile: leave a flowing stream alone
    const at = positionNow();
    if (!episode) episode = { attempts: 0 };
    episode.attempts++;
    const path = PATHS[servedByOf(fresh)];
    setStatus(`The stream stopped: switching to ${path ? path.text.toLowerCase() : 'a new link'}`
      + (at > 0 ? ` at ${formatDuration(at)}` : '') + '\u2026', 'working');
    applyFresh(fresh);
    load(fresh.streamUrl, at, intendPlay);
  }

  function starve(on) {
    if (on) {
      if (!starvedSince) starvedSince = now();
    } else {
      starvedSince = 0;
      starvedCheckAt = 0;
      starvedGap = STARVED_GAP_MS;
    }
  }

  function tick() {
    if (destroyed) return;
    const t = now();
    const end = bufferedAround();
    if (end > bufferedEnd + 0.01) lastGrowAt = t;
    bufferedEnd = end;
    if (retryTimer || checking || (episode && episode.fetching)) return;

    if (reloading()) {
      const ready = media.readyState >= 3 && !media.seeking && (!episode.play || !media.paused);
      if (ready && episode.resumeAt - media.currentTime < 1) {
        resumed(); // in case the event that says so came while still seeking
      } else if (t - Math.max(episode.loadStartedAt, lastGrowAt) >= STALL_RELOAD_MS) {
        recover('stall'); // a reload that neither fails nor delivers (a frozen streamer): try again
      }
      return;
    }
    if (!intendPlay || media.ended || !everLoaded) return;

    const d = media.duration;
    const full = Number.isFinite(d) && end >= d - 0.25;
    if (!full && starvedSince) {
      // waiting for data: the first check soon, then backing off while the wait lasts
      if (!starvedCheckAt) starvedCheckAt = Math.max(starvedSince, lastGrowAt) + STARVED_QUIET_MS;
      if (t >= starvedCheckAt) {
        starvedCheckAt = t + starvedGap;
        starvedGap = Math.min(starvedGap * 2, MAX_STARVED_GAP_MS);
        checkPath();
      }
    } else if (!full && media.networkState === HTMLMediaElement.NETWORK_LOADING
      && t - lastGrowAt >= QUIET_MS && end - media.currentTime < THIN_AHEAD_S && t - lastPreemptiveAt >= PREEMPTIVE_GAP_MS) {
      // still playing, but no bytes for a while and little left: switch before the picture stops if the path moved
      lastPreemptiveAt = t;
      checkPath();
    }
    if (starvedSince && t - Math.max(starvedSince, lastGrowAt, lastAdvanceAt) >= STALL_RELOAD_MS) {
      starve(false);
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
      if (reloading() && !episode.play && !media.seeking) resumed(); // paused before the outage: ready again there
    },
    seeked() {
      if (reloading() && media.readyState >= 3 && (!episode.play || !media.paused)) resumed();
    },
    playing() {
      starve(false);
      if (reloading() && !media.seeking) resumed();
    },
    timeupdate() {
      if (reloading()) return; // a reload moves the clock to 0 first
      const t = media.currentTime;
      if (Number.isFinite(t) && t !== lastTime) {
        if (t > lastTime) {
          lastAdvanceAt = now();
          starve(false);
        }
        lastTime = t;
      }
      if (episode && episode.resumed && t >= episode.resumeAt + STABLE_AFTER_S) episode = null;
    },
    seeking() {
      if (!reloading() && Number.isFinite(media.currentTime)) lastTime = media.currentTime;
    },
    waiting() { if (intendPlay) starve(true); },
    stalled() { if (intendPlay) starve(true); },
    play() { if (!reloading()) intendPlay = true; },
    pause() {
      if (reloading()) return;
      intendPlay = false;
      starve(false);
    },
    ended() { intendPlay = false; starve(false); },
    error() {
      if (!media.error || !media.getAttribute('src')) return;
      recover('error');
    },
  };

  function resumed() {
    episode.reloading = false;
    episode.resumed = true;
    lastTime = media.currentTime || episode.resumeAt;
    lastAdvanceAt = now();
    lastGrowAt = now();
    starve(false);
    const path = PATHS[servedBy];
    setStatus(`Playback resumed${episode.resumeAt > 0 ? ` at ${formatDuration(episode.resumeAt)}` : ''}`
      + (path ? ` (${path.text.toLowerCase()})` : ''), 'success');
    noteTimer = setTimeout(() => setStatus('', ''), RESUMED_NOTE_MS);
    if (!episode.play) episode = null;
  }

  for (const [type, fn] of Object.entries(on)) media.addEventListener(type, fn);
  const watchdog = setInterval(tick, TICK_MS);
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
      return { recoveries, checks, attempts: episode ? episode.attempts : 0, intendPlay, servedBy, everLoaded };
    },
  };
}
