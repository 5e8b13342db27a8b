// Channel grid: #/c/{channelId}?q=&type=&sort=
// Debounced search (300 ms), type filter buttons (aria-pressed), sort select, infinite scroll
// via IntersectionObserver with a keyboard-reachable "Load more" button, 3D tilt on cards,
// and a per-history-entry cache so Back from a details page restores the list and scroll.
import { h, clear } from './dom.js';
import { getFiles, isAbort } from './api.js';
import { playlistControl } from './playlist-link.js';
import { typeIcon, icon } from './icons.js';
import { formatSize, formatDuration, formatDate, typeLabel } from './format.js';
import { attachTilt } from './tilt.js';
import { showError } from './status.js';
import { cachedChannels, loadChannels, sourceHelp } from './channels.js';

const PAGE_SIZE = 48;
const SEARCH_DEBOUNCE_MS = 300;
const TYPES = [
  ['', 'All'], ['video', 'Video'], ['audio', 'Audio'], ['document', 'Document'], ['photo', 'Photo'],
];
const SORTS = [['date', 'Date'], ['name', 'Name'], ['size', 'Size']];
const CACHE_TTL_MS = 10 * 60 * 1000;
const CACHE_MAX = 6;

/** gridKey (stored in history.state) -> {hash, items, next, scrollY, time} */
const backCache = new Map();

const validType = (t) => (TYPES.some(([v]) => v && v === t) ? t : '');
const validSort = (s) => (SORTS.some(([v]) => v === s) ? s : 'date');

export function gridHash(channelId, { q = '', type = '', sort = 'date' } = {}) {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (type) params.set('type', type);
  if (sort && sort !== 'date') params.set('sort', sort);
  const qs = params.toString();
  return `#/c/${encodeURIComponent(channelId)}${qs ? `?${qs}` : ''}`;
}

export async function render(ctx) {
  const { container, signal, me, params, query } = ctx;
  const channelId = params.channelId;
  const state = { q: (query.q || '').trim(), type: validType(query.type), sort: validSort(query.sort) };
  ctx.setSearchChannel(channelId);

  // Give this history entry an identity so Back can find its cached list.
  let gridKey = history.state && history.state.gridKey;
  if (!gridKey) {
    gridKey = `g${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    history.replaceState({ ...(history.state || {}), gridKey }, '', location.href);
  }

  let items = [];
  let seen = new Set();
  let next = null;
  let loading = false;
  let loadedOnce = false;
  let failed = false;
  let listController = null;
  let reqSeq = 0;
  let debounceTimer = 0;

  // ----- DOM -----
  const title = h('h1', { class: 'page-title', tabindex: '-1', text: 'Channel' });
  const countLine = h('p', { class: 'page-subtitle' });
  // A signed link (no cookie needed) that VLC, mpv, Kodi or ffprobe open pasted as it is.
  const playlist = playlistControl(channelId, signal);

  container.appendChild(h('div', { class: 'page-head' },
    h('nav', { class: 'breadcrumb', 'aria-label': 'Breadcrumb' },
      h('a', { href: '#/', class: 'back-link' }, icon('back', { size: 16 }), 'Library')),
    h('div', { class: 'page-head-row' },
      h('div', { class: 'page-head-text' }, title, countLine),
      h('div', { class: 'page-actions' }, playlist))));

  const search = h('input', {
    id: 'search', type: 'search', name: 'q', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'Search files (press /)', 'aria-keyshortcuts': '/', enterkeyhint: 'search',
  });
  search.value = state.q;

  const typeButtons = TYPES.map(([value, label]) => h('button', {
    type: 'button', class: 'chip', dataset: { type: value }, 'aria-pressed': String(state.type === value),
    text: label,
  }));

  const sortSelect = h('select', { id: 'sort', name: 'sort' },
    SORTS.map(([value, label]) => h('option', { value, text: label, selected: value === state.sort })));
  sortSelect.value = state.sort;

  const toolbar = h('form', {
    class: 'toolbar', role: 'search', 'aria-label': 'Files in this channel',
    on: { submit: (e) => { e.preventDefault(); applySearch(true); } },
  },
  h('div', { class: 'search-field' },
    h('label', { for: 'search', class: 'visually-hidden', text: 'Search files in this channel' }),
    h('span', { class: 'search-icon', 'aria-hidden': 'true' }, icon('search', { size: 18 })),
    search),
  h('div', { class: 'chips', role: 'group', 'aria-label': 'Filter by type' }, typeButtons),
  h('div', { class: 'sort-field' },
    h('label', { for: 'sort', text: 'Sort by' }),
    sortSelect));
  container.appendChild(toolbar);

  const resultsStatus = h('p', { class: 'results-status', id: 'results-status', 'aria-live': 'polite' });
  const grid = h('ul', { class: 'grid', id: 'grid', role: 'list', 'aria-labelledby': 'results-status' });
  const emptyHost = h('div', { class: 'empty-host' });
  const sentinel = h('div', { class: 'scroll-sentinel', 'aria-hidden': 'true' });
  const loadMore = h('button', { type: 'button', class: 'button load-more', id: 'load-more', hidden: true, text: 'Load more' });
  const retry = h('button', { type: 'button', class: 'button', id: 'grid-retry', hidden: true }, icon('refresh', { size: 16 }), 'Retry');
  container.appendChild(resultsStatus);
  container.appendChild(grid);
  container.appendChild(emptyHost);
  container.appendChild(h('div', { class: 'grid-footer' }, sentinel, loadMore, retry));

  ctx.onCleanup(attachTilt(grid, '.card'));

  // ----- channel title (from the home page's list, or fetched) -----
  function showChannel(list) {
    const ch = list && list.find((c) => String(c.id) === String(channelId));
    const name = ch ? (ch.title || String(ch.id)) : 'Channel';
    title.textContent = name;
    ctx.setTitle(name);
    countLine.textContent = ch && Number.isFinite(Number(ch.count)) ? `${Number(ch.count).toLocaleString()} files` : '';
    playlist.setAttribute('aria-label', `Playlist for ${name} (M3U)`);
  }
  if (cachedChannels()) showChannel(cachedChannels());
  else {
    loadChannels(signal).then(showChannel, (err) => {
      if (!isAbort(err) && !signal.aborted) showChannel(null);
    });
  }

  // ----- rendering -----
  function cardFor(item) {
    const name = item.name || 'Untitled';
    const thumb = h('span', { class: 'card-thumb' });
    if (item.thumbnailUrl) {
      const img = h('img', { src: item.thumbnailUrl, alt: name, loading: 'lazy', decoding: 'async' });
      img.addEventListener('error', () => {
        img.replaceWith(h('span', { class: 'card-icon' }, typeIcon(item.type, { size: 44, label: typeLabel(item.type) })));
      }, { once: true });
      thumb.appendChild(img);
    } else {
      thumb.appendChild(h('span', { class: 'card-icon' }, typeIcon(item.type, { size: 44, label: typeLabel(item.type) })));
    }
    const dur = formatDuration(item.duration);
    if (dur) thumb.appendChild(h('span', { class: 'card-duration', text: dur }));
    thumb.appendChild(h('span', { class: ['card-type', `type-${item.type || 'file'}`] },
      typeIcon(item.type, { size: 14 }), h('span', { text: typeLabel(item.type) })));

    const meta = [formatSize(item.size), formatDate(item.date)].filter(Boolean).join(' · ');
    const label = [name, typeLabel(item.type), dur, formatSize(item.size), formatDate(item.date)].filter(Boolean).join(', ');
    return h('li', { class: 'grid-item' },
      h('a', {
        class: 'card', href: `#/f/${encodeURIComponent(item.id)}`, 'aria-label': label,
        dataset: { fileId: item.id, type: item.type || '' },
      },
      thumb,
      h('span', { class: 'card-body' },
        h('span', { class: 'card-title', text: name, title: name }),
        h('span', { class: 'card-meta', text: meta }))));
  }

  function appendItems(newItems) {
    const frag = document.createDocumentFragment();
    let firstNew = null;
    for (const item of newItems) {
      if (!item || item.id === undefined || seen.has(item.id)) continue;
      seen.add(item.id);
      items.push(item);
      const li = cardFor(item);
      if (!firstNew) firstNew = li;
      frag.appendChild(li);
    }
    grid.appendChild(frag);
    return firstNew;
  }

  function filtersActive() {
    return Boolean(state.q || state.type);
  }

  function updateChrome() {
    grid.setAttribute('aria-busy', String(loading));
    loadMore.hidden = !next || failed;
    loadMore.disabled = loading;
    loadMore.textContent = loading && items.length ? 'Loading…' : 'Load more';
    retry.hidden = !failed;

    clear(emptyHost);
    if (loadedOnce && !loading && !failed && items.length === 0) {
      if (filtersActive()) {
        emptyHost.appendChild(h('div', { class: 'empty-state' },
          h('div', { class: 'empty-icon', 'aria-hidden': 'true' }, icon('search', { size: 40 })),
          h('h2', { text: 'No files match' }),
          h('p', { text: state.q ? `Nothing matches “${state.q}”${state.type ? ` among ${typeLabel(state.type).toLowerCase()} files` : ''}.` : `No ${typeLabel(state.type).toLowerCase()} files in this channel.` }),
          h('button', { type: 'button', class: 'button', text: 'Clear search and filters', on: { click: clearFilters } })));
      } else {
        emptyHost.appendChild(h('div', { class: 'empty-state' },
          h('div', { class: 'empty-icon', 'aria-hidden': 'true' }, icon('folder', { size: 40 })),
          h('h2', { text: 'This channel has no files yet' }),
          sourceHelp(me.source)));
      }
    }

    if (!loadedOnce) resultsStatus.textContent = 'Loading files…';
    else if (failed && !items.length) resultsStatus.textContent = 'Files could not be loaded.';
    else if (!items.length) resultsStatus.textContent = filtersActive() ? 'No files match.' : 'No files.';
    else {
      const n = items.length.toLocaleString();
      resultsStatus.textContent = `${n} ${items.length === 1 ? 'file' : 'files'}${next ? ' shown, more below' : ''}${state.q ? ` for “${state.q}”` : ''}`;
    }
  }

  async function load(reset) {
    if (reset) {
      if (listController) listController.abort();
      items = [];
      seen = new Set();
      next = null;
      failed = false;
      clear(grid);
    } else if (loading || !next) {
      return null;
    }
    const my = ++reqSeq;
    const controller = new AbortController();
    listController = controller;
    const onViewAbort = () => controller.abort();
    signal.addEventListener('abort', onViewAbort, { once: true });
    loading = true;
    failed = false;
    updateChrome();
    let firstNew = null;
    try {
      const data = await getFiles(channelId, {
        q: state.q, type: state.type, sort: state.sort, cursor: reset ? undefined : next, limit: PAGE_SIZE,
      }, controller.signal);
      if (my !== reqSeq) return null;
      next = data && data.next ? data.next : null;
      firstNew = appendItems(data && Array.isArray(data.items) ? data.items : []);
    } catch (err) {
      if (isAbort(err) || my !== reqSeq || signal.aborted) return null;
      failed = true;
      if (err.status !== 401) showError(err);
    } finally {
      signal.removeEventListener('abort', onViewAbort);
      if (my === reqSeq) {
        loading = false;
        loadedOnce = true;
        updateChrome();
        rearmObserver();
      }
    }
    return firstNew;
  }

  // ----- infinite scroll -----
  let observer = null;
  if ('IntersectionObserver' in window) {
    observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && next && !loading && !failed) load(false);
    }, { rootMargin: '0px 0px 800px 0px' });
    observer.observe(sentinel);
    ctx.onCleanup(() => observer.disconnect());
  }
  function rearmObserver() {
    // Re-observing delivers a fresh entry, so a short page that leaves the sentinel
    // on screen keeps loading until the viewport is full.
    if (observer && next && !failed) {
      observer.unobserve(sentinel);
      observer.observe(sentinel);
    }
  }

  loadMore.addEventListener('click', async (event) => {
    const byKeyboard = event.detail === 0;
    const firstNew = await load(false);
    if (byKeyboard && firstNew) firstNew.querySelector('a')?.focus();
  });
  retry.addEventListener('click', () => load(items.length === 0));

  // ----- search / filters / sort -----
  function syncUrl() {
    history.replaceState({ ...(history.state || {}), gridKey }, '', gridHash(channelId, state));
  }

  function applySearch(immediate) {
    clearTimeout(debounceTimer);
    const run = () => {
      const q = search.value.trim();
      if (q === state.q) return;
      state.q = q;
      syncUrl();
      load(true);
    };
    if (immediate) run();
    else debounceTimer = setTimeout(run, SEARCH_DEBOUNCE_MS);
  }
  search.addEventListener('input', () => applySearch(false));
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && search.value) {
      e.preventDefault();
      search.value = '';
      applySearch(true);
    }
  });
  ctx.onCleanup(() => clearTimeout(debounceTimer));

  function setType(type) {
    state.type = type;
    for (const b of typeButtons) b.setAttribute('aria-pressed', String(b.dataset.type === type));
    syncUrl();
    load(true);
  }
  for (const b of typeButtons) {
    b.addEventListener('click', () => {
      if (b.dataset.type !== state.type) setType(b.dataset.type);
    });
  }
  sortSelect.addEventListener('change', () => {
    state.sort = validSort(sortSelect.value);
    syncUrl();
    load(true);
  });

  function clearFilters() {
    search.value = '';
    state.q = '';
    state.type = '';
    for (const b of typeButtons) b.setAttribute('aria-pressed', String(b.dataset.type === ''));
    syncUrl();
    load(true);
    search.focus();
  }

  // ----- remember the list for Back -----
  ctx.onCleanup(() => {
    if (!loadedOnce || failed) return;
    backCache.set(gridKey, {
      hash: gridHash(channelId, state), items: items.slice(), next, scrollY: window.scrollY, time: Date.now(),
    });
    while (backCache.size > CACHE_MAX) backCache.delete(backCache.keys().next().value);
  });

  const cached = backCache.get(gridKey);
  if (cached && cached.hash === gridHash(channelId, state) && Date.now() - cached.time < CACHE_TTL_MS) {
    backCache.delete(gridKey);
    appendItems(cached.items);
    next = cached.next;
    loadedOnce = true;
    updateChrome();
    rearmObserver();
    requestAnimationFrame(() => window.scrollTo(0, cached.scrollY));
  } else {
    await load(true);
  }
  if (signal.aborted) return;

  ctx.setView('grid');
  if (ctx.consumeSearchFocus()) {
    search.focus();
    search.select();
  }
}
