// The widget's animation loop: one requestAnimationFrame chain that runs only while playing, on screen and in
// a visible tab, and hands each frame's screen time (at most 100 ms: a throttled tab is not replayed at once).
export class FrameLoop {
  #raf = 0;
  #last = 0;
  #playing = false;
  #visible = true;
  #onscreen = true;
  #tick: (wallMs: number) => void;

  constructor(tick: (wallMs: number) => void) {
    this.#tick = tick;
  }

  set playing(v: boolean) {
    this.#playing = v;
    this.#update();
  }
  /** The widget is (not) in the viewport. */
  set onscreen(v: boolean) {
    this.#onscreen = v;
    this.#update();
  }
  /** The tab is (not) visible. */
  set visible(v: boolean) {
    this.#visible = v;
    this.#update();
  }

  /** Frames come: playing, on screen and in a visible tab. */
  get running(): boolean {
    return this.#playing && this.#visible && this.#onscreen;
  }
  #update(): void {
    if (!this.running) {
      if (this.#raf) cancelAnimationFrame(this.#raf);
      this.#raf = 0;
    } else if (!this.#raf && typeof requestAnimationFrame !== 'undefined') {
      this.#last = 0;
      this.#raf = requestAnimationFrame(this.#frame);
    }
  }
  #frame = (ts: number): void => {
    this.#raf = 0;
    if (!this.running) return;
    const dt = this.#last ? Math.min(100, ts - this.#last) : 16;
    this.#last = ts;
    this.#tick(dt);
    if (this.running && !this.#raf) this.#raf = requestAnimationFrame(this.#frame);
  };
}
