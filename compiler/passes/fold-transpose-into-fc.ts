/**
 * fold-transpose-into-fc: removes transpose → reshape (flatten) → fully
 * connected by permuting the constant weights' columns instead.
 *
 * A PyTorch CNN flattens its NCHW features before the classifier; after the
 * layout pass the features are NHWC, so a transpose back to NCHW precedes the
 * flatten. Flattening the NHWC data directly and reordering the weight
 * columns to match computes the same sums (each product meets the same
 * weight) with no transpose at run time. The batch dimension must stay in
 * place and the flatten must keep it; quantization per unit is unaffected.
 */
import { elementCount, type AnyOp, type Graph } from '../ir/index.js';
import { stridesOf } from '../ops/common/shapes.js';
import { compactGraph } from './compact.js';
import { GraphEditor, readersOf, writersOf } from './editor.js';
import type { Pass } from './pass.js';

/** For each column k of the transposed-then-flattened layout, the column of the untransposed flattening. */
export function flattenedColumnMap(xShape: readonly number[], perm: readonly number[]): Int32Array {
  const yShape = perm.map((p) => xShape[p]!);
  const inner = elementCount(yShape.slice(1));
  const yStrides = stridesOf(yShape.slice(1));
  const xStrides = stridesOf(xShape.slice(1));
  const map = new Int32Array(inner);
  for (let k = 0; k < inner; k++) {
    let rem = k;
    let xk = 0;
    for (let j = 1; j < perm.length; j++) {
      const coord = Math.floor(rem / yStrides[j - 1]!);
      rem -= coord * yStrides[j - 1]!;
      xk += coord * xStrides[perm[j]! - 1]!;
    }
    map[k] = xk;
  }
  return map;
}

function foldOnce(g: Graph): Graph | undefined {
  const readers = readersOf(g);
  const writers = writersOf(g);
  const outputs = new Set(g.outputs);
  for (const fc of g.ops) {
    if (fc.kind !== 'fully_connected') continue;
    const weights = g.tensors[fc.inputs[1]!]!;
    const flatIndex = fc.inputs[0]!;
    const flatten = g.ops[writers[flatIndex]!];
    if (!flatten || flatten.kind !== 'reshape' || weights.data === undefined || weights.dtype === 'i4' || weights.dtype === 'i2') continue;
    const mid = flatten.inputs[0]!;
    const transpose = g.ops[writers[mid]!];
    if (!transpose || transpose.kind !== 'transpose' || transpose.attrs.perm[0] !== 0) continue;
    if (readers[mid]!.length !== 1 || readers[flatIndex]!.length !== 1 || outputs.has(mid) || outputs.has(flatIndex)) continue;
    const x = g.tensors[transpose.inputs[0]!]!;
    const flat = g.tensors[flatIndex]!;
    const [units, depth] = weights.shape as [number, number];
    if (flat.shape.length !== 2 || flat.shape[0] !== x.shape[0] || flat.shape[1] !== depth) continue;
    const map = flattenedColumnMap(x.shape, transpose.attrs.perm);
    const source = weights.data as Float32Array;
    const permuted = new (source.constructor as { new (n: number): Float32Array })(source.length);
    for (let u = 0; u < units; u++) for (let k = 0; k < depth; k++) permuted[u * depth + map[k]!] = source[u * depth + k]!;
    const e = new GraphEditor(g);
    const w = e.addConstant(`${weights.name}/columns`, weights.dtype, weights.shape.slice(), permuted, weights.quant);
    const ops = g.ops.map((op): AnyOp => {
      if (op === flatten) return { ...op, inputs: [transpose.inputs[0]!] };
      if (op === fc) return { ...op, inputs: [op.inputs[0]!, w, ...op.inputs.slice(2)] } as AnyOp;
      return op;
    });
    return compactGraph(e.build(ops));
  }
  return undefined;
}

export function foldTransposeIntoFcIn(input: Graph): Graph {
  let g = input;
  for (let next = foldOnce(g); next; next = foldOnce(g)) g = next;
  return g;
}

export const foldTransposeIntoFc: Pass = {
  name: 'fold-transpose-into-fc',
  description: 'flatten before a fully-connected layer without transposing back to NCHW: permute the weight columns instead',
  run: foldTransposeIntoFcIn,
};
