/**
 * Execution order as a memory decision. In a graph with branches, running
 * one branch to its end before starting the next keeps fewer tensors alive
 * than interleaving them, and the model file's order is only one valid
 * choice.
 *
 * `chooseOrder` scores candidate topological orders by their peak live bytes
 * (the planner's own lower bound) and keeps the lowest; the file's order wins
 * ties, so straight-line models keep it unchanged. Candidates: the file
 * order, and a greedy list schedule that at every step runs the ready op
 * leaving the fewest bytes alive (ties broken by the file order).
 */
import { byteSize, elementCount, type Graph } from '../ir/index.js';
import { lowerBound } from './bound.js';
import { computeBuffers, isPlanned } from './lifetimes.js';

export function peakBytes(g: Graph, order: number[], alignment: number): number {
  return lowerBound(computeBuffers(g, { order }), order.length, alignment);
}

export function chooseOrder(g: Graph, alignment = 16): { order: number[]; peak: number } {
  const fileOrder = g.ops.map((_, i) => i);
  let best = { order: fileOrder, peak: peakBytes(g, fileOrder, alignment) };
  const greedy = greedyMemoryOrder(g);
  const greedyPeak = peakBytes(g, greedy, alignment);
  if (greedyPeak < best.peak) best = { order: greedy, peak: greedyPeak };
  return best;
}

/** Greedy list scheduling: always run the ready op after which the fewest bytes are live. */
export function greedyMemoryOrder(g: Graph): number[] {
  const producer = new Map<number, number>();
  g.ops.forEach((op, i) => op.outputs.forEach((t) => producer.set(t, i)));
  const consumers = new Map<number, number>();
  for (const op of g.ops) for (const t of new Set(op.inputs)) if (t >= 0) consumers.set(t, (consumers.get(t) ?? 0) + 1);
  const outputs = new Set(g.outputs);
  const bytes = (t: number): number => (isPlanned(g, t) ? byteSize(g.tensors[t]!.dtype, elementCount(g.tensors[t]!.shape)) : 0);

  const remainingInputs = g.ops.map((op) => new Set(op.inputs.filter((t) => t >= 0 && producer.has(t))).size);
  const pendingReads = new Map(consumers);
  const done = new Array<boolean>(g.ops.length).fill(false);
  const order: number[] = [];
  while (order.length < g.ops.length) {
    let pick = -1;
    let pickDelta = Infinity;
    g.ops.forEach((op, i) => {
      if (done[i] || remainingInputs[i]! > 0) return;
      // Bytes this op adds (its outputs) minus bytes it frees (inputs it reads last).
      let delta = op.outputs.reduce((s, t) => s + bytes(t), 0);
      for (const t of new Set(op.inputs)) {
        if (t >= 0 && pendingReads.get(t) === 1 && !outputs.has(t)) delta -= bytes(t);
      }
      if (delta < pickDelta) {
        pick = i;
        pickDelta = delta;
      }
    });
    if (pick < 0) return g.ops.map((_, i) => i); // not a DAG in file order: keep the file's order
    done[pick] = true;
    order.push(pick);
    const op = g.ops[pick]!;
    for (const t of new Set(op.inputs)) if (t >= 0) pendingReads.set(t, (pendingReads.get(t) ?? 1) - 1);
    for (const t of op.outputs) {
      g.ops.forEach((other, j) => {
        if (!done[j] && other.inputs.includes(t)) remainingInputs[j]! -= 1;
      });
    }
  }
  return order;
}
