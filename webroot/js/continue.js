// "Continue watching": a 3D shelf of the files this user started, newest first.
// Server-side per-user progress: GET /api/progress, DELETE /api/progress/{fileId}.
import { h } from './dom.js';
import { getProgress, deleteProgress, isAbort } from './api.js';
import { typeIcon, icon } from './icons.js';
import { formatDuration, formatRelative } from './format.js';
import { attachTilt } from './tilt.js';
import { showError, showStatus } from './status.js';

/**
 * Renders the shelf section (id="continue"). It stays in the DOM but hidden when empty.
 * @returns {Promise<{section: HTMLElement, detach: () => void, count: number}>}
 */
export async function renderContinue(container, { signal }) {
  const list = h('ul', { class: 'shelf-items', role: 'list' });
  const section = h('section', { id: 'continue', class: 'shelf-section', 'aria-labelledby': 'continue-title', hidden: true },
    h('h2', { id: 'continue-title', class: 'section-title', text: 'Continue watching' }),
    h('div', { class: 'shelf' },
      list,
      h('div', { class: 'shelf-plank', 'aria-hidden': 'true' })));
  container.appendChild(section);

  let items = [];
  try {
    const data = await getProgress(signal);
    items = (data && Array.isArray(data.items)) ? data.items : [];
  } catch (err) {
    if (isAbort(err) || signal.aborted) throw err;
    if (err.status === 401) throw err;
    // The shelf is a nicety: the channel list still renders below.
    showError(err);
    return { section, detach: () => {}, count: 0 };
  }

  // Newest first, whatever order the server used.
  items.sort((a, b) => (Date.parse(b.updatedAt) || 0) - (Date.parse(a.updatedAt) || 0));
  for (const item of items) list.appendChild(shelfItem(item, list, section));
  section.hidden = items.length === 0;
  const detach = attachTilt(list, '.shelf-card', { max: 7, perspective: 700 });
  return { section, detach, count: items.length };
}

function shelfItem(item, list, section) {
  const position = Number(item.position) || 0;
  const duration = Number(item.duration) || 0;
  const fraction = duration > 0 ? Math.min(1, Math.max(0, position / duration)) : 0;
  const percent = Math.round(fraction * 100);
  const remaining = duration > 0 ? formatDuration(Math.max(0, duration - position)) : '';
  const name = item.name || 'Untitled';

  const thumb = h('div', { class: 'shelf-thumb' });
  if (item.thumbnailUrl) {
    const img = h('img', { src: item.thumbnailUrl, alt: name, loading: 'lazy', decoding: 'async' });
    img.addEventListener('error', () => img.replaceWith(typeIcon(item.type, { size: 40 })), { once: true });
    thumb.appendChild(img);
  } else {
    thumb.appendChild(typeIcon(item.type, { size: 40 }));
  }
  thumb.appendChild(h('span', { class: 'shelf-play', 'aria-hidden': 'true' }, icon('play', { size: 22 })));

  const bar = h('span', { class: 'progress-fill' });
  bar.style.width = `${percent}%`;

  const card = h('a', {
    class: 'card shelf-card', href: `#/f/${encodeURIComponent(item.fileId)}`,
    dataset: { fileId: item.fileId },
    'aria-label': `${name}, ${percent}% watched${remaining ? `, ${remaining} left` : ''}`,
  },
  thumb,
  h('span', { class: 'progress', role: 'presentation' }, bar),
  h('span', { class: 'shelf-name', text: name, title: name }),
  h('span', { class: 'shelf-meta' },
    remaining ? `${remaining} left` : `${formatDuration(position)} watched`,
    item.updatedAt ? ` · ${formatRelative(item.updatedAt)}` : ''));

  const remove = h('button', {
    type: 'button', class: 'shelf-remove icon-button', 'aria-label': `Remove ${name} from Continue watching`,
    title: 'Remove from Continue watching',
  }, icon('close', { size: 16 }));

  const li = h('li', { class: 'shelf-item' }, card, remove);
  remove.addEventListener('click', async () => {
    remove.disabled = true;
    try {
      await deleteProgress(item.fileId);
      const next = li.nextElementSibling?.querySelector('a') || li.previousElementSibling?.querySelector('a');
      li.remove();
      if (!list.children.length) {
        section.hidden = true;
        document.getElementById('main')?.focus();
      } else if (next) {
        next.focus();
      }
      showStatus(`Removed ${name} from Continue watching`, { kind: 'success' });
    } catch (err) {
      remove.disabled = false;
      if (err.status !== 401) showError(err);
    }
  });
  return li;
}
