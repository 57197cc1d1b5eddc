/**
 * fuse-activation: turns op → relu / relu6 / relu_n1_to_1 into the op with
 * that fused activation, the way TFLite models arrive already.
 *
 * The activation must be the only reader of the op's result. Float results
 * fuse freely; a quantized result fuses only when the activation keeps the
 * same scale and zero point, so the fused clamp is exactly the activation's.
 */
import type { AnyOp, FusedActivation, Graph } from '../ir/index.js';
import { compactGraph } from './compact.js';
import { readersOf } from './editor.js';
import type { Pass } from './pass.js';

const FUSABLE = new Set<string>(['conv2d', 'depthwise_conv2d', 'transpose_conv2d', 'fully_connected', 'add', 'sub', 'mul', 'avg_pool2d', 'max_pool2d']);
const ACTIVATIONS: Record<string, FusedActivation> = { relu: 'relu', relu6: 'relu6', relu_n1_to_1: 'relu_n1_to_1' };

function sameQuant(g: Graph, a: number, b: number): boolean {
  const qa = g.tensors[a]!.quant;
  const qb = g.tensors[b]!.quant;
  return qa !== undefined && qb !== undefined && qa.scale.length === 1 && qb.scale.length === 1 && qa.scale[0] === qb.scale[0] && qa.zeroPoint[0] === qb.zeroPoint[0];
}

export function fuseActivationsIn(g: Graph): Graph {
  const readers = readersOf(g);
  const outputs = new Set(g.outputs);
  const removed = new Set<number>();
  const ops: AnyOp[] = g.ops.map((op) => {
    if (!FUSABLE.has(op.kind) || (op.attrs as { activation?: FusedActivation }).activation !== 'none') return op;
    const out = op.outputs[0]!;
    const t = g.tensors[out]!;
    if (outputs.has(out) || readers[out]!.length !== 1) return op;
    const j = readers[out]![0]!;
    const next = g.ops[j]!;
    const activation = ACTIVATIONS[next.kind];
    if (!activation) return op;
    const fits = t.dtype === 'f32' ? true : sameQuant(g, out, next.outputs[0]!);
    if (!fits) return op;
    removed.add(j);
    return { ...op, attrs: { ...op.attrs, activation }, outputs: next.outputs.slice() } as AnyOp;
  });
  if (removed.size === 0) return g;
  return compactGraph({ ...g, ops: ops.filter((_, i) => !removed.has(i)) });
}

export const fuseActivations: Pass = {
  name: 'fuse-activation',
  description: 'fold a relu, relu6 or relu_n1_to_1 into the op that feeds it',
  run: fuseActivationsIn,
};
