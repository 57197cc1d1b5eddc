/**
 * The plan's own lower bound: at each step, the bytes of every buffer live
 * then must fit side by side, so no arena can be smaller than the largest
 * such sum (with each buffer rounded up to the alignment).
 */
import type { PlanBuffer } from './lifetimes.js';
import { alignUp } from './planners.js';

export function liveBytesPerStep(buffers: ReadonlyArray<PlanBuffer>, steps: number, alignment: number): number[] {
  const live = new Array<number>(Math.max(steps, 1)).fill(0);
  for (const b of buffers) {
    for (let s = b.firstStep; s <= b.lastStep; s++) live[s]! += alignUp(b.bytes, alignment);
  }
  return live;
}

export function lowerBound(buffers: ReadonlyArray<PlanBuffer>, steps: number, alignment: number): number {
  return Math.max(0, ...liveBytesPerStep(buffers, steps, alignment));
}
