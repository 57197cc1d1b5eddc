/**
 * compact: drops ops whose results nobody reads (and that are not graph
 * outputs or state), then tensors that nothing refers to, renumbering the
 * rest in their original order. Rewrites leave dead transposes, unused
 * original weights and dangling dequantizations behind; backends should
 * never emit them.
 */
import type { AnyOp, Graph } from '../ir/index.js';
import type { Pass } from './pass.js';

function removeDeadOps(g: Graph): AnyOp[] {
  const live = new Uint8Array(g.tensors.length);
  for (const o of g.outputs) live[o] = 1;
  g.tensors.forEach((t, i) => { if (t.persistent) live[i] = 1; });
  const keep = new Array<boolean>(g.ops.length).fill(false);
  for (let i = g.ops.length - 1; i >= 0; i--) {
    const op = g.ops[i]!;
    if (op.outputs.some((o) => live[o])) {
      keep[i] = true;
      for (const t of op.inputs) if (t >= 0) live[t] = 1;
    }
  }
  return g.ops.filter((_, i) => keep[i]);
}

export function compactGraph(g: Graph): Graph {
  const ops = removeDeadOps(g);
  const used = new Uint8Array(g.tensors.length);
  for (const i of [...g.inputs, ...g.outputs]) used[i] = 1;
  for (const op of ops) for (const t of [...op.inputs, ...op.outputs]) if (t >= 0) used[t] = 1;
  g.tensors.forEach((t, i) => { if (t.persistent) used[i] = 1; });
  const renumber = new Array<number>(g.tensors.length).fill(-1);
  const tensors = g.tensors.filter((_, i) => used[i]);
  let next = 0;
  used.forEach((u, i) => { if (u) renumber[i] = next++; });
  const map = (i: number): number => (i < 0 ? i : renumber[i]!);
  if (tensors.length === g.tensors.length && ops.length === g.ops.length) return g;
  return {
    ...g,
    tensors,
    ops: ops.map((op) => ({ ...op, inputs: op.inputs.map(map), outputs: op.outputs.map(map) })),
    inputs: g.inputs.map(map),
    outputs: g.outputs.map(map),
  };
}

export const compact: Pass = {
  name: 'compact',
  description: 'remove ops nobody reads and tensors nothing refers to',
  run: compactGraph,
};
