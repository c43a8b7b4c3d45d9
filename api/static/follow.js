// Keeps a new question's top in view while its answer grows below it, as the widget does in its own
// scrolling box: the page scrolls down toward the question each time the answer grows (a short page
// cannot put it at the top at once). The reader always wins: the first scroll of their own (wheel,
// touch, keys, scrollbar, or any scroll upward that we did not make) ends the following for good,
// so the page never jumps under someone reading an earlier answer.

const NAVIGATION_KEYS = new Set(["ArrowUp", "ArrowDown", "PageUp", "PageDown", "Home", "End", " "]);

export function follow(anchor, { margin = 12 } = {}) {
  let active = true;
  let placed = window.scrollY; // where we last put the page

  const stop = () => {
    if (!active) return;
    active = false;
    window.removeEventListener("wheel", stop);
    window.removeEventListener("touchmove", stop);
    window.removeEventListener("keydown", onKey, true);
    window.removeEventListener("pointerdown", onPointer, true);
    window.removeEventListener("scroll", onScroll);
  };
  const onKey = (event) => {
    const typing = event.target.closest?.("textarea, input, select, [contenteditable]");
    if (NAVIGATION_KEYS.has(event.key) && !typing) stop();
  };
  const onPointer = (event) => {
    if (event.target === document.documentElement) stop(); // the page's scrollbar
  };
  const onScroll = () => {
    if (window.scrollY < placed - 2) stop(); // moved up, and not by us
  };
  window.addEventListener("wheel", stop, { passive: true });
  window.addEventListener("touchmove", stop, { passive: true });
  window.addEventListener("keydown", onKey, true);
  window.addEventListener("pointerdown", onPointer, true);
  window.addEventListener("scroll", onScroll, { passive: true });

  return {
    // Scroll down toward the anchor's top, as far as the page allows; never up.
    update() {
      if (!active || !anchor.isConnected) return;
      const target = anchor.getBoundingClientRect().top + window.scrollY - margin;
      const limit = document.documentElement.scrollHeight - window.innerHeight;
      const top = Math.max(0, Math.min(Math.round(target), limit));
      if (top > window.scrollY + 1) window.scrollTo({ top, behavior: "instant" });
      placed = window.scrollY;
    },
    stop,
    get active() { return active; },
  };
}
