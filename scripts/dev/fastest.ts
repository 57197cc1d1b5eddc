/**
 * Timing for the dev profilers: the fastest of many blocks of ten calls
 * after a warm-up, in milliseconds per call. The machine is shared and
 * interference only ever adds time, so the fastest block is the figure
 * least disturbed by other load.
 */
const WARMUP = 30;
const BLOCKS = 201;
const CALLS_PER_BLOCK = 10;

export function fastestMs(call: () => void, blocks = BLOCKS): number {
  for (let i = 0; i < WARMUP; i++) call();
  let best = Infinity;
  for (let b = 0; b < blocks; b++) {
    const t0 = performance.now();
    for (let j = 0; j < CALLS_PER_BLOCK; j++) call();
    best = Math.min(best, (performance.now() - t0) / CALLS_PER_BLOCK);
  }
  return best;
}
