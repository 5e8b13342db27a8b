// Home view: the continue-watching shelf and the channel list; plus the "where do my files go"
// help shared with the grid's empty state.
import { h } from './dom.js';
import { getChannels, playlistUrl } from './api.js';
import { icon } from './icons.js';
import { plural } from './format.js';
import { renderContinue } from './continue.js';
import { attachTilt } from './tilt.js';
import { openLinkForm } from './openlink.js';

let channelCache = null; // [{id, title, count}] from the last /api/channels

export function cachedChannels() {
  return channelCache;
}

export async function loadChannels(signal) {
  const data = await getChannels(signal);
  channelCache = data && Array.isArray(data.items) ? data.items : [];
  return channelCache;
}

/** Help for a new user: where files go (library folder) or how to connect Telegram. */
export function sourceHelp(source) {
  const kind = source && source.kind;
  if (kind === 'telegram') {
    return h('div', { class: 'source-help' },
      h('p', {}, 'No files yet. tgstream shows the channels listed in ',
        h('code', { text: 'CHANNEL_IDS' }),
        ' (numeric ids like -100… or @usernames, comma-separated).'),
      h('p', {}, 'To connect Telegram set ', h('code', { text: 'TG_API_ID' }), ' and ',
        h('code', { text: 'TG_API_HASH' }), ' (from my.telegram.org), sign in with ',
        h('code', { text: 'TG_SESSION_STRING' }), ' or ', h('code', { text: 'TG_BOT_TOKEN' }),
        ', list your channels in ', h('code', { text: 'CHANNEL_IDS' }), ', then restart the service.'));
  }
  const dir = source && source.libraryDir;
  return h('div', { class: 'source-help' },
    h('p', {}, 'Put video files in sub-folders of ',
      h('code', { class: 'library-dir', text: dir || 'LIBRARY_DIR' }),
      '; each sub-folder becomes a channel. Files at the top level form a channel named after the folder.'),
    h('p', {}, 'To use Telegram instead, set ', h('code', { text: 'TG_API_ID' }), ', ',
      h('code', { text: 'TG_API_HASH' }), ' and ', h('code', { text: 'CHANNEL_IDS' }), ' and restart.'));
}

export async function render(ctx) {
  const { container, signal, me } = ctx;
  ctx.setTitle('Library');

  const header = h('div', { class: 'page-head' },
    h('h1', { class: 'page-title', tabindex: '-1', text: 'Library' }));
  container.appendChild(header);
  if (me.source && me.source.kind === 'telegram') header.appendChild(openLinkForm());

  const shelfHost = h('div', { class: 'shelf-host' });
  container.appendChild(shelfHost);

  const channelsSection = h('section', { class: 'channels-section', 'aria-labelledby': 'channels-title' },
    h('h2', { id: 'channels-title', class: 'section-title', text: 'Channels' }));
  container.appendChild(channelsSection);

  // Both requests at once; the shelf failing must not hide the channel list.
  const [shelf, channels] = await Promise.all([
    renderContinue(shelfHost, { signal }),
    loadChannels(signal),
  ]);
  ctx.onCleanup(shelf.detach);
  if (signal.aborted) return;

  if (!channels.length) {
    channelsSection.appendChild(h('div', { class: 'empty-state' },
      h('div', { class: 'empty-icon', 'aria-hidden': 'true' }, icon('folder', { size: 44 })),
      h('h3', { text: 'Your library is empty' }),
      sourceHelp(me.source)));
  } else {
    const list = h('ul', { class: 'channel-list', role: 'list' });
    for (const ch of channels) {
      const title = ch.title || String(ch.id);
      list.appendChild(h('li', { class: 'channel-item' },
        h('a', {
          class: 'channel-link', href: `#/c/${encodeURIComponent(ch.id)}`, dataset: { channelId: ch.id },
        },
        h('span', { class: 'channel-icon', 'aria-hidden': 'true' }, icon('folder', { size: 26 })),
        h('span', { class: 'channel-title', text: title }),
        h('span', { class: 'channel-count', text: plural(ch.count, 'file') })),
        h('a', {
          // The signed link works pasted into a player; the session one only in this browser.
          class: 'channel-playlist icon-button', href: ch.playlistUrl || playlistUrl(ch.id), download: '',
          'aria-label': `Playlist for ${title} (M3U)`, title: 'Download the channel playlist (M3U)',
        }, icon('list', { size: 18 }))));
    }
    channelsSection.appendChild(list);
    ctx.onCleanup(attachTilt(list, '.channel-link', { max: 6 }));
    if (!ctx.searchChannelId()) ctx.setSearchChannel(channels[0].id);
  }
  ctx.setView('home');
}
