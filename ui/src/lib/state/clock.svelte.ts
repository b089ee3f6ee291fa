// A shared "now" for relative times ("3 minutes ago"), refreshed every 30 seconds while
// the app runs. Tests never start it, so their "now" stays put.

export class Clock {
  now = $state(Date.now());
  #timer: ReturnType<typeof setInterval> | undefined;

  /** Starts ticking; returns a function that stops it. */
  start(intervalMs = 30_000): () => void {
    this.stop();
    this.now = Date.now();
    this.#timer = setInterval(() => {
      this.now = Date.now();
    }, intervalMs);
    return () => this.stop();
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

export const clock = new Clock();
