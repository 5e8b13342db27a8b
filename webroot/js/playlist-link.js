// A channel's playlist for external players: a signed link that needs no cookie (paste it into VLC, mpv, Kodi,
// ffprobe), with a lifetime the person chooses and sees. The server signs it (GET /api/channels/{id}/playlist-link).
import { h } from './dom.js';
import { api, isAbort } from './api.js';
import { icon } from './icons.js';
import { copyText } from './details.js';
import { formatDateTime } from './format.js';

const LIFETIMES = { 3600: '1 hour', 43200: '12 hours', 86400: '1 day', 604800: '7 days', 2592000: '30 days' };

function lifetimeLabel(s) {
  return LIFETIMES[s] || (s % 86400 === 0 ? `${s / 86400} days` : `${Math.round(s / 3600)} hours`);
}

export function playlistControl(channelId, signal) {
  const select = h('select', { id: 'playlist-ttl', 'aria-label': 'Playlist link lifetime' });
  const copy = h('button', { type: 'button', class: 'button', id: 'copy-playlist' },
    icon('list', { size: 18 }), h('span', { text: 'Copy playlist link' }));
  const download = h('a', { class: 'button', id: 'playlist-link', download: '', title: 'Download the M3U playlist' },
    icon('download', { size: 18 }), h('span', { text: '.m3u' }));
  const note = h('span', { class: 'hint playlist-expiry', id: 'playlist-expiry', role: 'status', 'aria-live': 'polite' });
  let current = null;

  const show = (link) => {
    current = link;
    download.href = link.url;
    note.textContent = `Link works until ${formatDateTime(link.expiresAt)} (no sign-in needed).`;
    if (!select.options.length) {
      for (const c of link.choices || []) {
        select.appendChild(h('option', { value: String(c.ttlSeconds), text: lifetimeLabel(c.ttlSeconds),
          selected: c.ttlSeconds === link.ttlSeconds }));
      }
    }
  };
  const load = (ttl) => api(`/api/channels/${encodeURIComponent(channelId)}/playlist-link`,
    { query: ttl ? { ttl } : undefined, signal })
    .then(show, (err) => { if (!isAbort(err)) note.textContent = 'Could not make a playlist link.'; });

  select.addEventListener('change', () => load(select.value));
  copy.addEventListener('click', async () => {
    if (!current) return;
    const ok = await copyText(current.url, copy);
    note.textContent = ok ? `Copied. Works until ${formatDateTime(current.expiresAt)}.`
      : `Copy this link: ${current.url}`;
  });
  load(null);
  return h('div', { class: 'playlist-control' }, copy, select, download, note);
}
