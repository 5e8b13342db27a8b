// The file's subtitles (sidecar files and tracks inside MKV/WebM, all served as WebVTT) as <track>s of the player.
import { h } from './dom.js';

export function addSubtitleTracks(media, subtitles) {
  if (!media || !Array.isArray(subtitles)) return;
  for (const s of subtitles) {
    if (!s || !s.url) continue;
    media.appendChild(h('track', {
      kind: 'subtitles',
      src: s.url,
      srclang: s.language || null,
      label: s.label || s.language || 'Subtitles',
      default: s.default === true,
    }));
  }
}
