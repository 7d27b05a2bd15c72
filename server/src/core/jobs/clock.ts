/** What the scheduler reads the time from and waits with: the system's, or a test's fake one. */
export interface Clock {
  now(): Date;
  /** Calls `fn` once after `ms`; `cancel` stops it. */
  after(ms: number, fn: () => void): { cancel(): void };
}

export const systemClock: Clock = {
  now: () => new Date(),
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    // A pending job must not keep the process alive after the server closed.
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};

interface FakeTimer {
  at: number;
  seq: number;
  fn: () => void;
}

/**
 * A clock that moves only when told: timers fire in time order as `advance` passes them, and
 * `jump` moves time without firing anything (a server that was down).
 */
export class FakeClock implements Clock {
  private ms: number;
  private timers: FakeTimer[] = [];
  private seq = 0;

  constructor(start: Date | string) {
    this.ms = new Date(start).getTime();
  }

  now() {
    return new Date(this.ms);
  }

  after(ms: number, fn: () => void) {
    const timer: FakeTimer = { at: this.ms + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(timer);
    return { cancel: () => void (this.timers = this.timers.filter((t) => t !== timer)) };
  }

  /** Timers not yet fired. */
  get pending() {
    return this.timers.length;
  }

  /**
   * Moves time forward by `ms`, firing each timer due on the way at its own time; after each one
   * `settle` is awaited (the work the timer started, which may set the next timer).
   */
  async advance(ms: number, settle: () => Promise<void> = async () => undefined) {
    const end = this.ms + ms;
    for (;;) {
      const next = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.ms = Math.max(this.ms, next.at);
      next.fn();
      await settle();
    }
    this.ms = end;
  }

  /** Moves time without firing timers. */
  jump(ms: number) {
    this.ms += ms;
  }
}
