/**
 * Static memory planning: one arena, every activation tensor and kernel
 * scratch buffer at a fixed offset.
 *
 * Pipeline: lifetimes over the execution order (with aliasing and in-place
 * reuse) → offsets from the best of several greedy placements → the overlap
 * check → a plan that reports its own lower bound, so its quality is a
 * number, not a claim.
 */
import { byteSize, elementCount, isStateTensor, type Graph } from '../ir/index.js';
import { lowerBound } from './bound.js';
import { checkPlacement } from './check.js';
import { computeBuffers, type LifetimeOptions } from './lifetimes.js';
import { chooseOrder } from './order.js';
import { alignUp, naivePlanner, planOffsets } from './planners.js';

export interface PlannedBuffer {
  tensors: number[];
  scratchFor?: number;
  offset: number;
  bytes: number;
  firstStep: number;
  lastStep: number;
}

export interface MemoryPlan {
  alignment: number;
  arenaBytes: number;
  lowerBound: number;
  /** The arena without any reuse, for comparison. */
  naiveBytes: number;
  strategy: string;
  steps: number;
  order: number[];
  buffers: PlannedBuffer[];
  /** Offset of each planned tensor and state tensor (undefined for constants). */
  tensorOffsets: Array<number | undefined>;
  /** Where the state tensors (kept between runs, never shared) start: after the planned buffers, inside arenaBytes. */
  stateOffset: number;
  /** Bytes of the state region (0 for a stateless graph). */
  stateBytes: number;
  /** Offset of each op's scratch buffer, when it has one. */
  scratchOffsets: Array<number | undefined>;
}

export interface PlanOptions extends LifetimeOptions {
  alignment?: number;
  /** Search for an execution order with a lower peak (default true when no order is given). */
  chooseOrder?: boolean;
}

export function planMemory(g: Graph, opts: PlanOptions = {}): MemoryPlan {
  const alignment = opts.alignment ?? 16;
  const order = opts.order ?? (opts.chooseOrder === false ? g.ops.map((_, i) => i) : chooseOrder(g, alignment).order);
  const buffers = computeBuffers(g, { ...opts, order });
  const placed = planOffsets(buffers, alignment);
  checkPlacement(buffers, placed.offsets, placed.arenaBytes, alignment);
  const planned: PlannedBuffer[] = buffers.map((b, i) => ({ ...b, offset: placed.offsets[i]! }));
  const tensorOffsets = new Array<number | undefined>(g.tensors.length).fill(undefined);
  const scratchOffsets = new Array<number | undefined>(g.ops.length).fill(undefined);
  for (const b of planned) {
    for (const t of b.tensors) tensorOffsets[t] = b.offset;
    if (b.scratchFor !== undefined) scratchOffsets[b.scratchFor] = b.offset;
  }
  // State tensors (TFLite variables: an LSTM's hidden and cell state) keep their values between runs,
  // so they get a region of their own after the shared buffers.
  const stateOffset = alignUp(placed.arenaBytes, alignment);
  let stateEnd = stateOffset;
  g.tensors.forEach((t, i) => {
    if (!isStateTensor(t)) return;
    tensorOffsets[i] = stateEnd;
    stateEnd = alignUp(stateEnd + byteSize(t.dtype, elementCount(t.shape)), alignment);
  });
  const stateBytes = stateEnd - stateOffset;
  return {
    alignment,
    arenaBytes: stateBytes > 0 ? stateEnd : placed.arenaBytes,
    lowerBound: lowerBound(buffers, order.length, alignment) + stateBytes,
    naiveBytes: naivePlanner(buffers, alignment).arenaBytes + stateBytes,
    stateOffset,
    stateBytes,
    strategy: placed.strategy,
    steps: order.length,
    order,
    buffers: planned,
    tensorOffsets,
    scratchOffsets,
  };
}

export { drawPlan } from './picture.js';
export { computeBuffers, type PlanBuffer } from './lifetimes.js';
export { checkPlacement } from './check.js';
export { lowerBound } from './bound.js';
export { chooseOrder, greedyMemoryOrder, peakBytes } from './order.js';
