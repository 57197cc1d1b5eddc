/**
 * sink-transposes: moves transposes down through layout-agnostic ops when
 * that makes them disappear, then cancels inverse pairs.
 *
 * After `layout`, an NCHW model reads like conv → T⁻¹ → add(bias) → relu →
 * T → pool: the NHWC kernels are separated by transposes back to NCHW and
 * forward again. A transpose T (perm P) moves below an element-wise op X —
 * X then runs on the untransposed data, with constant operands permuted to
 * match and axis attributes remapped — when following the chain of
 * single-reader ops it reaches either its inverse (the pair cancels) or a
 * point where T only moves size-1 dims (it becomes a free reshape). Moving a
 * transpose never adds one, and a graph without such chains (e.g. TFLite
 * models) is left unchanged.
 */
import type { AnyOp, Graph, Op, Tensor } from '../ir/index.js';
import { invertPerm, permuteData, permuteShape } from '../ops/common/layout.js';
import { compactGraph } from './compact.js';
import { GraphEditor, readersOf, rewire, writersOf } from './editor.js';
import type { Pass } from './pass.js';

/** Ops that commute with a transpose (given the attribute remapping below). */
const ELEMENTWISE = new Set<string>([
  'relu', 'relu6', 'relu_n1_to_1', 'logistic', 'tanh', 'leaky_relu', 'clip', 'hard_sigmoid', 'hard_swish', 'exp', 'log', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'asinh', 'acosh', 'atanh', 'erf', 'sign', 'floor', 'ceil', 'round',
  'sqrt', 'reciprocal', 'abs', 'neg', 'add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'quantize', 'quantize_linear', 'dequantize',
]);

const isIdentity = (perm: readonly number[]): boolean => perm.every((p, i) => p === i);

/** A transpose that only moves size-1 dims keeps bytes in order: it is a reshape. */
export function movesOnlyUnitDims(shape: readonly number[], perm: readonly number[]): boolean {
  const moved = perm.filter((p) => shape[p] !== 1);
  return moved.every((p, i) => i === 0 || p > moved[i - 1]!);
}

interface Context {
  g: Graph;
  readers: number[][];
  writers: number[];
  outputs: Set<number>;
}

/** The perm of the transpose writing `tensor`, if that transpose's result is read only by `reader`. */
function soleTransposeInto(c: Context, tensor: number, reader: number): number[] | undefined {
  const w = c.writers[tensor]!;
  const op = w >= 0 ? c.g.ops[w] : undefined;
  if (op?.kind !== 'transpose' || c.outputs.has(tensor) || c.readers[tensor]!.length !== 1 || c.readers[tensor]![0] !== reader) return undefined;
  return op.attrs.perm;
}

/** An earlier transpose of `tensor` by `perm` (ending before op `before`), whose result can be reused. */
function existingTranspose(c: Context, tensor: number, perm: readonly number[], before: number): number | undefined {
  const k = c.readers[tensor]!.find((r) => r < before && c.g.ops[r]!.kind === 'transpose' && (c.g.ops[r] as Op<'transpose'>).attrs.perm.join() === perm.join());
  return k === undefined ? undefined : c.g.ops[k]!.outputs[0];
}

/**
 * Whether op `i` can take the transpose with `perm` from its run-time inputs:
 * each must be that transpose's sole-reader result (`assumed` stands for one
 * that will be, one step further down), or a tensor whose inverse transpose
 * already exists (a residual connection's other branch) — at least one of
 * the first kind.
 */
function canSinkInto(c: Context, i: number, perm: readonly number[], assumed = -1): boolean {
  const op = c.g.ops[i]!;
  const rank = perm.length;
  if (ELEMENTWISE.has(op.kind)) {
    // Per-axis quantization would need its axis remapped on the constant side too; keep it simple.
    if (op.outputs.some((o) => (c.g.tensors[o]!.quant?.scale.length ?? 1) > 1)) return false;
  } else if (op.kind === 'mean' || op.kind === 'reduce_sum' || op.kind === 'reduce_max' || op.kind === 'reduce_min') {
    if (!(op.attrs as { keepDims: boolean }).keepDims) return false;
  } else if (op.kind !== 'pad' && op.kind !== 'concat') {
    return false;
  }
  const inverse = invertPerm(perm);
  let removable = 0;
  for (const [k, t] of op.inputs.entries()) {
    if (t < 0) continue;
    const tensor = c.g.tensors[t]!;
    if (tensor.data !== undefined) {
      if (op.kind === 'pad' && k === 1) continue;
      if (tensor.shape.length > rank || (tensor.quant?.scale.length ?? 1) > 1) return false;
      continue;
    }
    if (t === assumed || soleTransposeInto(c, t, i)?.join() === perm.join()) removable++;
    else if (existingTranspose(c, t, inverse, i) === undefined) return false;
  }
  return removable > 0;
}

/** Whether moving a transpose with `perm` below op `i` leads to its removal. */
function worthSinking(c: Context, i: number, perm: readonly number[], assumed = -1, depth = 0): boolean {
  if (depth > 64 || !canSinkInto(c, i, perm, assumed)) return false;
  const out = c.g.ops[i]!.outputs[0]!;
  const shapeBefore = permuteShape(c.g.tensors[out]!.shape, invertPerm(perm));
  if (movesOnlyUnitDims(shapeBefore, perm)) return true;
  const readers = c.readers[out]!;
  if (c.outputs.has(out) || readers.length !== 1) return false;
  const next = c.g.ops[readers[0]!]!;
  if (next.kind === 'transpose') return isIdentity(permuteShape(perm, next.attrs.perm));
  return worthSinking(c, readers[0]!, perm, out, depth + 1);
}

/** Moves the transposes feeding op `i` below it; returns the new op list. */
function sinkThrough(c: Context, e: GraphEditor, i: number, perm: readonly number[]): AnyOp[] {
  const op = c.g.ops[i]!;
  const inv = invertPerm(perm);
  const rank = perm.length;
  const inputs = op.inputs.map((t, k) => {
    if (t < 0) return t;
    const tensor = e.tensor(t);
    if (tensor.data === undefined) {
      const w = c.writers[t]!;
      const transposed = w >= 0 && c.g.ops[w]!.kind === 'transpose' && soleTransposeInto(c, t, i) !== undefined;
      return transposed ? c.g.ops[w]!.inputs[0]! : existingTranspose(c, t, inv, i)!;
    }
    if (op.kind === 'pad' && k === 1) return t;
    // A constant operand of X(T(y), c) must become c' with T(c') = c, at full rank.
    const full = [...new Array<number>(rank - tensor.shape.length).fill(1), ...tensor.shape];
    return e.addConstant(`${tensor.name}/permuted`, tensor.dtype, permuteShape(full, inv), permuteData(tensor.data, tensor.dtype, full, inv), tensor.quant);
  });
  const out = e.tensor(op.outputs[0]!);
  const moved: Tensor = { ...out, name: `${out.name}/untransposed`, shape: permuteShape(out.shape, inv) };
  delete moved.data;
  const y = e.addTensor(moved);
  const attrs = remapAttrs(op, perm);
  const rewritten = { ...op, inputs, outputs: [y], attrs } as AnyOp;
  const transpose: Op<'transpose'> = { kind: 'transpose', name: `${op.name}/transpose`, source: 'layout', inputs: [y], outputs: [op.outputs[0]!], attrs: { perm: perm.slice() } };
  return [...c.g.ops.slice(0, i), rewritten, transpose, ...c.g.ops.slice(i + 1)];
}

/** Axis attributes of `op` re-expressed on the untransposed data (axis a of T(y) is axis perm[a] of y). */
function remapAttrs(op: AnyOp, perm: readonly number[]): AnyOp['attrs'] {
  switch (op.kind) {
    case 'pad': {
      const paddings = new Array<[number, number]>(perm.length);
      op.attrs.paddings.forEach((p, a) => { paddings[perm[a]!] = p; });
      return { paddings };
    }
    case 'concat': {
      const axis = op.attrs.axis < 0 ? op.attrs.axis + perm.length : op.attrs.axis;
      return { ...op.attrs, axis: perm[axis]! };
    }
    case 'mean':
    case 'reduce_sum':
    case 'reduce_max':
    case 'reduce_min':
      return { ...op.attrs, axes: op.attrs.axes.map((a) => perm[a < 0 ? a + perm.length : a]!) };
    default:
      return op.attrs;
  }
}

/** Removes transpose pairs that compose to identity and turns unit-dim-only transposes into reshapes. */
function cancelPairs(g: Graph): Graph {
  const writers = writersOf(g);
  const outputs = new Set(g.outputs);
  let ops = g.ops.slice();
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    if (op.kind !== 'transpose') continue;
    const src = op.inputs[0]!;
    const w = writers[src]!;
    const inner = w >= 0 ? ops[w] : undefined;
    if (inner?.kind === 'transpose') {
      const composed = permuteShape(inner.attrs.perm, op.attrs.perm);
      const origin = inner.inputs[0]!;
      const out = op.outputs[0]!;
      if (isIdentity(composed) && !outputs.has(out)) {
        // Readers take the original; the pair becomes dead and compaction drops it.
        ops = ops.map((o, k) => (k === i ? o : rewire(o, out, origin)));
        continue;
      }
      ops[i] = movesOnlyUnitDims(g.tensors[origin]!.shape, composed)
        ? ({ ...op, kind: 'reshape', inputs: [origin], attrs: {} } as AnyOp)
        : { ...op, inputs: [origin], attrs: { perm: composed } };
      continue;
    }
    if (movesOnlyUnitDims(g.tensors[src]!.shape, op.attrs.perm)) ops[i] = { ...op, kind: 'reshape', attrs: {} } as AnyOp;
  }
  return collapseReshapes({ ...g, ops });
}

/** reshape(reshape(x)) reads x directly when the middle result has no other use. */
function collapseReshapes(g: Graph): Graph {
  const writers = writersOf(g);
  const readers = readersOf(g);
  const outputs = new Set(g.outputs);
  const ops = g.ops.map((op) => {
    if (op.kind !== 'reshape') return op;
    const mid = op.inputs[0]!;
    const inner = writers[mid]! >= 0 ? g.ops[writers[mid]!] : undefined;
    if (inner?.kind !== 'reshape' || readers[mid]!.length !== 1 || outputs.has(mid)) return op;
    return { ...op, inputs: [inner.inputs[0]!] };
  });
  return { ...g, ops };
}

export function sinkTransposesIn(input: Graph): Graph {
  if (!input.ops.some((op) => op.kind === 'transpose')) return input;
  let g = input;
  for (let round = 0; round < 4 * g.ops.length + 4; round++) {
    const c: Context = { g, readers: readersOf(g), writers: writersOf(g), outputs: new Set(g.outputs) };
    let perm: number[] | undefined;
    const target = g.ops.findIndex((op, i) => {
      if (op.kind === 'transpose') return false;
      perm = op.inputs.map((t) => (t >= 0 && g.tensors[t]!.data === undefined ? soleTransposeInto(c, t, i) : undefined)).find((p) => p !== undefined);
      return perm !== undefined && worthSinking(c, i, perm);
    });
    if (target < 0 || perm === undefined) break;
    const e = new GraphEditor(g);
    const ops = sinkThrough(c, e, target, perm);
    g = compactGraph(e.build(ops));
  }
  return compactGraph(cancelPairs(g));
}

export const sinkTransposes: Pass = {
  name: 'sink-transposes',
  description: 'move transposes below element-wise ops when they then cancel or become reshapes, and cancel inverse pairs',
  run: sinkTransposesIn,
};
