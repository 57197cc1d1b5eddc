/**
 * Buffers and their lifetimes over an execution order.
 *
 * A buffer is the memory of one or more tensors: reshape-like ops alias
 * their output to their input, and an element-wise op may take over a dead
 * input of its size. A buffer is live from the step that first writes it
 * (step 0 for graph inputs) to the last step that reads it (the last step for
 * graph outputs). Constants live in flash and state tensors persist, so
 * neither is planned here. Scratch memory an op needs is a buffer live at
 * that op's step only.
 */
import { byteSize, elementCount, type Graph } from '../ir/index.js';
import { OPS } from '../ops/registry.js';

export interface PlanBuffer {
  /** Tensor indices sharing this memory (empty for scratch). */
  tensors: number[];
  /** For scratch: the op whose kernel uses it. */
  scratchFor?: number;
  bytes: number;
  firstStep: number;
  lastStep: number;
}

export interface LifetimeOptions {
  /** Execution order as op indices (default: the graph's order). */
  order?: number[];
  /** Scratch bytes per op index. */
  scratch?: ReadonlyArray<number>;
  /** Let element-wise ops overwrite dead inputs (default true). */
  inPlace?: boolean;
}

export function isPlanned(g: Graph, tensor: number): boolean {
  const t = g.tensors[tensor]!;
  return t.data === undefined && !t.persistent;
}

export function computeBuffers(g: Graph, opts: LifetimeOptions = {}): PlanBuffer[] {
  const order = opts.order ?? g.ops.map((_, i) => i);
  const stepOf = new Map<number, number>();
  order.forEach((opIndex, step) => stepOf.set(opIndex, step));
  const last = order.length - 1;

  // Raw lifetimes per tensor.
  const first = new Map<number, number>();
  const lastUse = new Map<number, number>();
  for (const i of g.inputs) if (isPlanned(g, i)) first.set(i, 0);
  order.forEach((opIndex, step) => {
    const op = g.ops[opIndex]!;
    for (const i of op.inputs) if (i >= 0 && isPlanned(g, i)) lastUse.set(i, Math.max(lastUse.get(i) ?? step, step));
    for (const i of op.outputs) if (isPlanned(g, i) && !first.has(i)) first.set(i, step);
  });
  for (const i of g.outputs) if (isPlanned(g, i)) lastUse.set(i, Math.max(last, 0));

  // Union-find over tensors that share memory.
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    return r;
  };
  const union = (a: number, b: number): void => {
    parent.set(find(b), find(a));
  };
  const groupEnd = new Map<number, number>();
  const endOf = (x: number): number => groupEnd.get(find(x)) ?? lastUse.get(x) ?? first.get(x) ?? 0;

  order.forEach((opIndex, step) => {
    const op = g.ops[opIndex]!;
    const def = OPS[op.kind];
    const out = op.outputs[0];
    if (out === undefined || !isPlanned(g, out) || op.outputs.length !== 1) return;
    const outBytes = byteSize(g.tensors[out]!.dtype, elementCount(g.tensors[out]!.shape));
    const candidates = def.aliasesInput ? [0] : opts.inPlace === false ? [] : (def.inPlaceInputs?.(op as never, g) ?? []);
    for (const k of candidates) {
      const input = op.inputs[k];
      if (input === undefined || input < 0 || !isPlanned(g, input)) continue;
      const inBytes = byteSize(g.tensors[input]!.dtype, elementCount(g.tensors[input]!.shape));
      // Aliasing needs equal sizes; taking over needs the input dead after this step
      // and no other input of this op sharing its memory.
      if (inBytes !== outBytes) continue;
      // A graph output is read after the run, so it is never dead, even at the last step.
      const holdsOutput = g.outputs.some((o) => isPlanned(g, o) && find(o) === find(input));
      const dead = endOf(input) <= step && !holdsOutput;
      if (!def.aliasesInput && !dead) continue;
      const shared = op.inputs.some((j, pos) => pos !== k && j >= 0 && isPlanned(g, j) && find(j) === find(input));
      if (shared) continue;
      union(input, out);
      groupEnd.set(find(out), Math.max(endOf(input), lastUse.get(out) ?? step));
      return;
    }
  });

  const groups = new Map<number, number[]>();
  for (const t of first.keys()) {
    const r = find(t);
    if (!groups.has(r)) groups.set(r, []);
    groups.get(r)!.push(t);
  }
  const buffers: PlanBuffer[] = [];
  for (const tensors of groups.values()) {
    tensors.sort((a, b) => a - b);
    // An empty tensor (a zero-length slice) still gets an address of its own, so no
    // kernel ever receives one pointer as both an empty input and another operand.
    const bytes = Math.max(1, ...tensors.map((t) => byteSize(g.tensors[t]!.dtype, elementCount(g.tensors[t]!.shape))));
    const firstStep = Math.min(...tensors.map((t) => first.get(t)!));
    const lastStep = Math.max(...tensors.map((t) => lastUse.get(t) ?? first.get(t)!));
    buffers.push({ tensors, bytes, firstStep, lastStep });
  }
  order.forEach((opIndex, step) => {
    const bytes = opts.scratch?.[opIndex] ?? 0;
    if (bytes > 0) buffers.push({ tensors: [], scratchFor: opIndex, bytes, firstStep: step, lastStep: step });
  });
  return buffers;
}

export function overlapsInTime(a: PlanBuffer, b: PlanBuffer): boolean {
  return a.firstStep <= b.lastStep && b.firstStep <= a.lastStep;
}
