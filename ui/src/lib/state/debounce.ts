/** A function that runs `fn` once, `ms` after the last call; `flush` runs it now if due. */
export interface Debounced {
  (): void;
  /** Runs the pending call now; returns whether one was pending. */
  flush(): boolean;
  /** Drops the pending call. */
  cancel(): void;
  /** Whether a call is waiting. */
  pending(): boolean;
}

export function debounce(fn: () => void, ms: number): Debounced {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const d = (() => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fn();
    }, ms);
  }) as Debounced;
  d.flush = () => {
    if (timer === undefined) return false;
    clearTimeout(timer);
    timer = undefined;
    fn();
    return true;
  };
  d.cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  d.pending = () => timer !== undefined;
  return d;
}
