// Perspective tilt for cards under the pointer. One delegated listener per container, the
// transform is written once per animation frame, and everything resets on leave.
// Off under prefers-reduced-motion (checked live) and for touch input (it would fight scrolling).

const MAX_DEG = 9;
const reduceQuery = window.matchMedia('(prefers-reduced-motion: reduce)');

export function tiltEnabled() {
  return !reduceQuery.matches;
}

/**
 * @param {Element} root container holding the cards
 * @param {string} selector cards to tilt, e.g. '.card'
 * @returns {() => void} detach function
 */
export function attachTilt(root, selector, { max = MAX_DEG, perspective = 800 } = {}) {
  let active = null; // element currently tilted
  let frame = 0;
  let pending = null; // {el, x, y}

  function apply() {
    frame = 0;
    if (!pending) return;
    const { el, x, y } = pending;
    pending = null;
    const rx = (0.5 - y) * max * 2; // top edge comes toward the viewer when pointer is on top
    const ry = (x - 0.5) * max * 2;
    el.style.transform = `perspective(${perspective}px) rotateX(${rx.toFixed(2)}deg) rotateY(${ry.toFixed(2)}deg) translateZ(6px)`;
    el.style.setProperty('--glare-x', `${(x * 100).toFixed(1)}%`);
    el.style.setProperty('--glare-y', `${(y * 100).toFixed(1)}%`);
    el.classList.add('is-tilting');
  }

  function reset(el) {
    if (!el) return;
    el.style.transform = '';
    el.style.removeProperty('--glare-x');
    el.style.removeProperty('--glare-y');
    el.classList.remove('is-tilting');
  }

  function onMove(event) {
    if (event.pointerType === 'touch' || !tiltEnabled()) return;
    const el = event.target instanceof Element ? event.target.closest(selector) : null;
    if (!el || !root.contains(el)) {
      if (active) { reset(active); active = null; }
      return;
    }
    if (active && active !== el) reset(active);
    active = el;
    const rect = el.getBoundingClientRect();
    if (!rect.width || !rect.height) return;
    const x = Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width));
    const y = Math.min(1, Math.max(0, (event.clientY - rect.top) / rect.height));
    pending = { el, x, y };
    if (!frame) frame = requestAnimationFrame(apply);
  }

  function onLeave(event) {
    if (!active) return;
    const to = event.relatedTarget;
    if (to instanceof Node && active.contains(to)) return;
    if (frame) { cancelAnimationFrame(frame); frame = 0; }
    pending = null;
    reset(active);
    active = null;
  }

  function onMotionPref() {
    if (!tiltEnabled() && active) { reset(active); active = null; }
  }

  root.addEventListener('pointermove', onMove);
  root.addEventListener('pointerout', onLeave);
  root.addEventListener('pointerleave', onLeave);
  reduceQuery.addEventListener('change', onMotionPref);

  return () => {
    root.removeEventListener('pointermove', onMove);
    root.removeEventListener('pointerout', onLeave);
    root.removeEventListener('pointerleave', onLeave);
    reduceQuery.removeEventListener('change', onMotionPref);
    if (frame) cancelAnimationFrame(frame);
    reset(active);
    active = null;
  };
}
