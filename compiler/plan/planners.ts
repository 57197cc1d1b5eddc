/**
 * Offset assignment: every buffer gets an offset in one arena so that no two
 * buffers live at the same step share a byte.
 *
 * Two planners share one interface:
 * - `naivePlanner` stacks every buffer after the previous one (the baseline:
 *   no reuse at all; its size is the sum of all buffers).
 * - `greedyPlanner` is the real one. Idea: place buffers one at a time in a
 *   chosen priority order; each goes into the smallest gap (best fit) between
 *   the already-placed buffers whose lifetimes overlap its own, or on top of
 *   them. Big, long-lived buffers placed first leave small holes that short
 *   buffers fill. No single priority order wins on every graph, so
 *   `planOffsets` tries several and keeps the smallest arena.
 */
import { overlapsInTime, type PlanBuffer } from './lifetimes.js';

export interface Placement {
  offsets: number[];
  arenaBytes: number;
}

export type Planner = (buffers: ReadonlyArray<PlanBuffer>, alignment: number) => Placement;

export const alignUp = (n: number, alignment: number): number => Math.ceil(n / alignment) * alignment;

export const naivePlanner: Planner = (buffers, alignment) => {
  let top = 0;
  const offsets = buffers.map((b) => {
    const at = top;
    top += alignUp(b.bytes, alignment);
    return at;
  });
  return { offsets, arenaBytes: top };
};

type Priority = (a: PlanBuffer, b: PlanBuffer) => number;

const bySize: Priority = (a, b) => b.bytes - a.bytes;
const byArea: Priority = (a, b) => b.bytes * (b.lastStep - b.firstStep + 1) - a.bytes * (a.lastStep - a.firstStep + 1) || bySize(a, b);
const byStart: Priority = (a, b) => a.firstStep - b.firstStep || bySize(a, b);
const byLifetime: Priority = (a, b) => b.lastStep - b.firstStep - (a.lastStep - a.firstStep) || bySize(a, b);

export const PRIORITIES: Record<string, Priority> = { size: bySize, area: byArea, start: byStart, lifetime: byLifetime };

export function greedyPlanner(priority: Priority): Planner {
  return (buffers, alignment) => {
    const order = buffers.map((_, i) => i).sort((i, j) => priority(buffers[i]!, buffers[j]!) || i - j);
    const offsets = new Array<number>(buffers.length).fill(-1);
    const placed: number[] = [];
    let arenaBytes = 0;
    for (const i of order) {
      const b = buffers[i]!;
      const size = alignUp(b.bytes, alignment);
      const blockers = placed
        .filter((j) => overlapsInTime(buffers[j]!, b))
        .map((j) => ({ start: offsets[j]!, end: offsets[j]! + alignUp(buffers[j]!.bytes, alignment) }))
        .sort((x, y) => x.start - y.start);
      let best = -1;
      let bestGap = Infinity;
      let cursor = 0;
      for (const blk of blockers) {
        const gap = blk.start - cursor;
        if (gap >= size && gap < bestGap) {
          best = cursor;
          bestGap = gap;
        }
        cursor = Math.max(cursor, blk.end);
      }
      offsets[i] = best >= 0 ? best : cursor;
      placed.push(i);
      arenaBytes = Math.max(arenaBytes, offsets[i]! + size);
    }
    return { offsets, arenaBytes };
  };
}

/** Tries every greedy priority and keeps the smallest arena (ties: the first listed). */
export function planOffsets(buffers: ReadonlyArray<PlanBuffer>, alignment: number): Placement & { strategy: string } {
  let best: (Placement & { strategy: string }) | undefined;
  for (const [name, priority] of Object.entries(PRIORITIES)) {
    const p = greedyPlanner(priority)(buffers, alignment);
    if (!best || p.arenaBytes < best.arenaBytes) best = { ...p, strategy: `greedy-${name}` };
  }
  return best ?? { offsets: [], arenaBytes: 0, strategy: 'empty' };
}
