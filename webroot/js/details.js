// Details / player page: #/f/{fileId}
// <video id="player"> (or <audio id="player">, an image for photos, a download for documents),
// metadata, external-player buttons, copy link, download, channel playlist; keyboard control;
// continue-watching progress saved every ~5 s while playing, on pause and on pagehide; a badge of the path that
// serves (remote streamer / local streaming) and, through recovery.js, resume on a fresh link after a stream failure.
import { h, clear } from './dom.js';
import { getFile, getProgress, putProgress, deleteProgress, playlistUrl, isAbort } from './api.js';
import { icon, typeIcon } from './icons.js';
import { formatSize, formatDuration, formatDurationLong, formatDateTime, typeLabel } from './format.js';
import { showError } from './status.js';
import { keepPlaying, pathBadge } from './recovery.js';
import { addSubtitleTracks } from './subtitles.js';

const SAVE_EVERY_MS = 5000;
const SEEK_STEP = 10;

export async function render(ctx) {
  const { container, signal, params } = ctx;
  const fileId = params.fileId;

  const [file, progress] = await Promise.all([
    getFile(fileId, signal),
    getProgress(signal).catch((err) => {
      if (isAbort(err) || signal.aborted || err.status === 401) throw err;
      return null; // resume is a nicety; the page still works without it
    }),
  ]);
  if (signal.aborted) return;

  const name = file.name || 'Untitled';
  const type = mediaType(file);
  const channel = file.channel || {};
  ctx.setTitle(name);
  if (channel.id !== undefined && channel.id !== null) ctx.setSearchChannel(channel.id);
  const saved = progress && Array.isArray(progress.items)
    ? progress.items.find((p) => String(p.fileId) === String(file.id ?? fileId)) : null;

  // ----- stage (the player) -----
  const stage = h('div', { class: ['stage', `stage-${type}`] });
  const osd = h('div', { class: 'osd', 'aria-hidden': 'true' });
  const playerNote = h('div', { class: 'player-note', id: 'player-note' });
  let media = null;

  if (type === 'video' || type === 'audio') {
    media = h(type, {
      id: 'player', controls: true, preload: 'metadata', playsinline: true,
      'aria-label': `${typeLabel(type)}: ${name}`,
      poster: type === 'video' && file.thumbnailUrl ? file.thumbnailUrl : null,
    },
    h('p', { text: 'Your browser cannot play this file here. Use Download or open it in VLC.' }));
    if (type === 'video') addSubtitleTracks(media, file.subtitles);
    if (type === 'audio') {
      const art = h('div', { class: 'audio-art' });
      if (file.thumbnailUrl) {
        const img = h('img', { src: file.thumbnailUrl, alt: name });
        img.addEventListener('error', () => img.replaceWith(typeIcon('audio', { size: 72 })), { once: true });
        art.appendChild(img);
      } else art.appendChild(typeIcon('audio', { size: 72 }));
      stage.appendChild(art);
    }
    stage.appendChild(media);
    stage.appendChild(osd);
  } else if (type === 'photo') {
    stage.appendChild(h('img', { class: 'photo', id: 'photo', src: file.streamUrl, alt: name }));
  } else {
    stage.appendChild(h('div', { class: 'document-panel' },
      typeIcon('document', { size: 80 }),
      h('p', { class: 'document-mime', text: file.mime || 'Document' }),
      h('a', { class: 'button button-primary', href: file.downloadUrl || file.streamUrl, download: name },
        icon('download', { size: 18 }), `Download ${formatSize(file.size)}`)));
  }

  // ----- info -----
  const meta = h('dl', { class: 'meta-list' });
  const addMeta = (term, value) => {
    if (value === '' || value === null || value === undefined) return;
    meta.appendChild(h('div', { class: 'meta-row' }, h('dt', { text: term }), h('dd', {}, value)));
  };
  addMeta('Size', formatSize(file.size));
  if (file.duration) {
    addMeta('Duration', h('span', { title: formatDurationLong(file.duration), text: formatDuration(file.duration) }));
  }
  addMeta('Date', file.date ? h('time', { datetime: file.date, text: formatDateTime(file.date) }) : '');
  addMeta('Type', [typeLabel(type), file.mime].filter(Boolean).join(' · '));
  if ((type === 'video' || type === 'photo') && file.width && file.height) addMeta('Resolution', `${file.width} × ${file.height}`);

  const actions = buildActions(file, type, name, channel);

  // Which path serves the links (split mode: remote streamer or this server's own engine), and the player's
  // status line (reconnecting / resumed); the status line is a live region that stays in place, empty when idle.
  const badge = pathBadge(file);
  const statusLine = h('p', { class: 'player-status', id: 'player-status', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const serveRow = h('div', { class: 'serve-row' }, badge, media ? statusLine : null);

  const info = h('div', { class: 'details-info' },
    serveRow, // right under the player, where someone watching looks
    h('nav', { class: 'breadcrumb', 'aria-label': 'Breadcrumb' },
      h('a', { href: '#/', class: 'back-link' }, 'Library'),
      h('span', { class: 'crumb-sep', 'aria-hidden': 'true', text: '/' }),
      channel.id !== undefined && channel.id !== null
        ? h('a', { href: `#/c/${encodeURIComponent(channel.id)}`, class: 'back-link', id: 'channel-link', text: channel.title || 'Channel' })
        : null),
    h('h1', { class: 'details-title', tabindex: '-1', text: name }),
    playerNote,
    meta,
    actions,
    file.caption ? h('section', { class: 'caption-section', 'aria-label': 'Caption' },
      h('p', { class: 'caption', text: file.caption })) : null,
    media ? shortcutsHelp(type) : null);

  container.appendChild(h('article', { class: ['details', `details-${type}`] }, stage, info));

  if (media) {
    const download = actions.querySelector('#download');
    const onFresh = (fresh) => { if (download && (fresh.downloadUrl || fresh.streamUrl)) download.href = fresh.downloadUrl || fresh.streamUrl; };
    wirePlayer(ctx, { media, stage, osd, playerNote, file, fileId: file.id ?? fileId, saved, type, badge, statusLine, onFresh });
  }
  ctx.setView('details');
}

function mediaType(file) {
  const t = file.type;
  if (t === 'video' || t === 'audio' || t === 'photo' || t === 'document') return t;
  const mime = String(file.mime || '');
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return 'audio';
  if (mime.startsWith('image/')) return 'photo';
  return 'document';
}

// ---------------------------------------------------------------- actions

function linkButton(href, label, iconName, extra = {}) {
  return h('a', { class: ['button', extra.primary ? 'button-primary' : ''], href, ...extra.attrs },
    icon(iconName, { size: 18 }), h('span', { text: label }));
}

function buildActions(file, type, name, channel) {
  const links = file.playerLinks || {};
  const wrap = h('div', { class: 'actions-wrap' });

  if (type === 'video' || type === 'audio') {
    const open = h('div', { class: 'actions', role: 'group', 'aria-label': 'Open in an external player' });
    // Android intents only where Android can follow them; desktop players take the playlist (subtitles included).
    const android = /Android/i.test(navigator.userAgent);
    if (android && links.vlc) open.appendChild(linkButton(links.vlc, 'VLC', 'external', { attrs: { id: 'open-vlc' } }));
    if (android && links.mxPlayer) open.appendChild(linkButton(links.mxPlayer, 'MX Player', 'external', { attrs: { id: 'open-mx' } }));
    if (android && links.mxPlayerPro) open.appendChild(linkButton(links.mxPlayerPro, 'MX Player Pro', 'external', { attrs: { id: 'open-mx-pro' } }));
    if (links.m3u) {
      open.appendChild(linkButton(links.m3u, 'Playlist (.m3u)', 'list', {
        attrs: { id: 'open-m3u', download: '', title: 'Opens in VLC, mpv, Kodi… with the subtitles; no sign-in needed' },
      }));
    }
    if (links.vlcCommand && !android) {
      const vlc = h('button', { type: 'button', class: 'button', id: 'copy-vlc', title: links.vlcCommand },
        icon('link', { size: 18 }), h('span', { text: 'Copy VLC command' }));
      vlc.addEventListener('click', () => copyText(links.vlcCommand, vlc));
      open.appendChild(vlc);
    }
    if (links.mpvCommand && !android) {
      const mpv = h('button', { type: 'button', class: 'button', id: 'copy-mpv', title: links.mpvCommand },
        icon('link', { size: 18 }), h('span', { text: 'Copy mpv command' }));
      mpv.addEventListener('click', () => copyText(links.mpvCommand, mpv));
      open.appendChild(mpv);
    }
    if (open.children.length) {
      wrap.appendChild(h('h2', { class: 'actions-title', text: 'Open in' }));
      wrap.appendChild(open);
      if (links.expiresAt) {
        wrap.appendChild(h('p', { class: 'hint', id: 'player-links-expiry',
          text: `Player links work without signing in until ${formatDateTime(links.expiresAt)}.` }));
      }
    }
  }

  const copyStatus = h('span', { class: 'copy-status', id: 'copy-status', role: 'status', 'aria-live': 'polite' });
  const copyButton = h('button', { type: 'button', class: 'button', id: 'copy-link' },
    icon('link', { size: 18 }), h('span', { text: 'Copy link' }));
  const manualHost = h('div', { class: 'manual-copy' });
  let statusTimer = 0;
  copyButton.addEventListener('click', async () => {
    const url = links.url || file.streamUrl || file.downloadUrl;
    clearTimeout(statusTimer);
    clear(manualHost);
    const ok = await copyText(url, copyButton);
    if (ok) {
      copyStatus.textContent = 'Copied';
      copyButton.classList.add('is-done');
      statusTimer = setTimeout(() => {
        copyStatus.textContent = '';
        copyButton.classList.remove('is-done');
      }, 3000);
    } else {
      // Last resort: show the link selected so the person can copy it themselves.
      const field = h('input', { type: 'text', readonly: true, class: 'manual-copy-input', id: 'manual-copy', 'aria-label': 'Stream link' });
      field.value = url;
      manualHost.appendChild(field);
      copyStatus.textContent = 'Press Ctrl+C (or ⌘C) to copy the selected link';
      field.focus();
      field.select();
    }
  });

  const more = h('div', { class: 'actions', role: 'group', 'aria-label': 'Link and download' },
    copyButton,
    linkButton(file.downloadUrl || file.streamUrl, 'Download', 'download', {
      primary: type === 'document', attrs: { id: 'download', download: name },
    }),
    channel.id !== undefined && channel.id !== null
      ? linkButton(playlistUrl(channel.id), 'Channel playlist', 'list', { attrs: { id: 'channel-playlist', download: '' } })
      : null,
    copyStatus);
  wrap.appendChild(more);
  wrap.appendChild(manualHost);
  return wrap;
}

/** navigator.clipboard when available (secure contexts), else a hidden textarea + execCommand. */
export async function copyText(text, returnFocusTo) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch { /* permission denied or unfocused: try the fallback */ }
  }
  const ta = h('textarea', { class: 'clipboard-helper', readonly: true, 'aria-hidden': 'true', tabindex: '-1' });
  ta.value = text;
  document.body.appendChild(ta);
  ta.select();
  ta.setSelectionRange(0, text.length);
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  ta.remove();
  if (returnFocusTo) returnFocusTo.focus();
  return ok;
}

function shortcutsHelp(type) {
  const rows = [
    ['Space', 'Play / pause'],
    ['← / →', `Back / forward ${SEEK_STEP} s`],
    ['M', 'Mute'],
  ];
  if (type === 'video') rows.push(['F', 'Full screen']);
  rows.push(['/', 'Search']);
  return h('details', { class: 'shortcuts' },
    h('summary', { text: 'Keyboard shortcuts' }),
    h('dl', {}, rows.map(([k, v]) => h('div', { class: 'meta-row' }, h('dt', {}, h('kbd', { text: k })), h('dd', { text: v })))));
}

// ---------------------------------------------------------------- player + progress

function wirePlayer(ctx, { media, stage, osd, playerNote, file, fileId, saved, type, badge, statusLine, onFresh }) {
  let lastSentPosition = -1;
  let reportedError = false;
  let finished = false;
  let osdTimer = 0;

  const knownDuration = () => {
    const d = media.duration;
    if (Number.isFinite(d) && d > 0) return d;
    const f = Number(file.duration);
    if (Number.isFinite(f) && f > 0) return f;
    const s = saved ? Number(saved.duration) : 0;
    return Number.isFinite(s) && s > 0 ? s : 0;
  };

  function save(keepalive = false) {
    if (finished) return;
    const duration = knownDuration();
    const position = media.currentTime;
    if (!duration || !Number.isFinite(position) || position < 1) return;
    const pos = Math.floor(position);
    if (pos === lastSentPosition) return;
    lastSentPosition = pos;
    putProgress(fileId, pos, Math.round(duration), keepalive).catch((err) => {
      lastSentPosition = -1;
      if (err.status === 401 || reportedError || keepalive) return;
      reportedError = true;
      showError(err);
    });
  }

  // Resume where this person left off.
  const restore = () => {
    if (!saved) return;
    const pos = Number(saved.position);
    const duration = knownDuration();
    if (!(pos > 5) || !duration || !(pos < duration * 0.95)) return;
    try {
      media.currentTime = pos;
    } catch { return; }
    lastSentPosition = Math.floor(pos);
    const startOver = h('button', { type: 'button', class: 'button button-small', id: 'start-over', text: 'Start over' });
    startOver.addEventListener('click', () => {
      media.currentTime = 0;
      clear(playerNote);
      media.focus();
    });
    clear(playerNote).append(
      h('span', { id: 'resume-note', text: `Resumed at ${formatDuration(pos)}` }), ' ', startOver);
  };
  if (media.readyState >= 1) restore();
  else media.addEventListener('loadedmetadata', restore, { once: true });

  const timer = setInterval(() => {
    if (!media.paused && !media.ended) save();
  }, SAVE_EVERY_MS);

  const onPause = () => { if (!media.ended) save(); };
  const onSeeked = () => { if (media.paused) save(); };
  const onPlay = () => { finished = false; };
  const onEnded = () => {
    // Finished: it no longer belongs on the Continue watching shelf.
    finished = true;
    lastSentPosition = -1;
    deleteProgress(fileId).catch(() => {});
  };
  // A media error (or a stall that lasts) re-asks for the file and resumes at the same place on the new link
  // (split mode: the remote streamer died and the UI now streams locally). Only when that fails for good:
  const onGiveUp = (err, neverLoaded) => {
    if (!media.getAttribute('src')) return;
    const msg = err && err.code === 4 && neverLoaded
      ? 'This browser cannot play this file (format or codec not supported). Open it in VLC or MX Player, or download it.'
      : 'Playback failed. Try again, open the file in VLC, or download it.';
    clear(playerNote).appendChild(h('p', { class: 'player-error', text: msg }));
    showError(msg);
  };
  const onPageHide = () => save(true);
  const onVisibility = () => { if (document.visibilityState === 'hidden') save(true); };

  media.addEventListener('pause', onPause);
  media.addEventListener('seeked', onSeeked);
  media.addEventListener('play', onPlay);
  media.addEventListener('ended', onEnded);
  const keeper = keepPlaying({ media, file, fileId, signal: ctx.signal, statusLine, badge, onFresh, onGiveUp });
  window.addEventListener('pagehide', onPageHide);
  document.addEventListener('visibilitychange', onVisibility);

  // Set the source last so every listener is in place before metadata can arrive.
  media.src = file.streamUrl;

  function flash(text) {
    osd.textContent = text;
    osd.classList.add('is-visible');
    clearTimeout(osdTimer);
    osdTimer = setTimeout(() => osd.classList.remove('is-visible'), 700);
  }

  function togglePlay() {
    if (media.paused || media.ended) {
      const p = media.play();
      if (p && p.catch) p.catch(() => {});
      flash('Play');
    } else {
      media.pause();
      flash('Pause');
    }
  }

  function seekBy(delta) {
    const duration = knownDuration();
    let t = (media.currentTime || 0) + delta;
    if (duration) t = Math.min(t, Math.max(0, duration - 0.25));
    media.currentTime = Math.max(0, t);
    flash(`${delta > 0 ? '+' : '−'}${Math.abs(delta)} s`);
  }

  function toggleFullscreen() {
    if (type !== 'video') return;
    if (document.fullscreenElement) {
      document.exitFullscreen().catch(() => {});
    } else if (media.requestFullscreen) {
      media.requestFullscreen().catch(() => {});
    } else if (media.webkitEnterFullscreen) {
      media.webkitEnterFullscreen();
    }
  }

  ctx.setKeyHandler((event) => {
    const target = event.target;
    const onMedia = target === media;
    const interactive = target instanceof Element && !onMedia &&
      target.closest('button, summary, input, select, textarea, [role="button"]');
    switch (event.key) {
      case ' ':
      case 'Spacebar':
      case 'k':
      case 'K':
        if (interactive && event.key !== 'k' && event.key !== 'K') return false; // Space activates the focused control
        togglePlay();
        return true;
      case 'ArrowLeft':
        if (target instanceof HTMLInputElement && target.type === 'range') return false;
        seekBy(-SEEK_STEP);
        return true;
      case 'ArrowRight':
        if (target instanceof HTMLInputElement && target.type === 'range') return false;
        seekBy(SEEK_STEP);
        return true;
      case 'f':
      case 'F':
        if (type !== 'video') return false;
        toggleFullscreen();
        return true;
      case 'm':
      case 'M':
        media.muted = !media.muted;
        flash(media.muted ? 'Muted' : 'Sound on');
        return true;
      default:
        return false;
    }
  });

  ctx.onCleanup(() => {
    keeper.destroy();
    save();
    clearInterval(timer);
    clearTimeout(osdTimer);
    window.removeEventListener('pagehide', onPageHide);
    document.removeEventListener('visibilitychange', onVisibility);
    media.removeEventListener('pause', onPause);
    media.removeEventListener('seeked', onSeeked);
    if (document.fullscreenElement === media) document.exitFullscreen().catch(() => {});
    // Stop the download: the streamer should not keep sending bytes for a page that's gone.
    media.pause();
    media.removeAttribute('src');
    media.load();
  });
}
