/**
 * The overlap checker: proves a placement is safe — every buffer inside the
 * arena, aligned, and no two buffers live at the same step sharing a byte.
 * Run on every plan before any code is emitted from it.
 */
import { fail } from '../ir/index.js';
import { overlapsInTime, type PlanBuffer } from './lifetimes.js';

export function checkPlacement(buffers: ReadonlyArray<PlanBuffer>, offsets: ReadonlyArray<number>, arenaBytes: number, alignment: number): void {
  buffers.forEach((b, i) => {
    const at = offsets[i]!;
    if (at < 0 || at % alignment !== 0 || at + b.bytes > arenaBytes) {
      fail('graph/invalid', `memory plan: buffer ${i} at ${at} (+${b.bytes}) is outside the ${arenaBytes}-byte arena or misaligned`);
    }
  });
  const order = buffers.map((_, i) => i).sort((a, b) => offsets[a]! - offsets[b]!);
  for (let x = 0; x < order.length; x++) {
    const i = order[x]!;
    for (let y = x + 1; y < order.length; y++) {
      const j = order[y]!;
      if (offsets[j]! >= offsets[i]! + buffers[i]!.bytes) break;
      // An empty tensor (a zero-length slice) occupies no byte, so it cannot collide.
      if (buffers[j]!.bytes === 0) continue;
      if (overlapsInTime(buffers[i]!, buffers[j]!)) {
        fail('graph/invalid', `memory plan: buffers ${i} and ${j} overlap in space and time`);
      }
    }
  }
}
