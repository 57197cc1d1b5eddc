/**
 * fold-affine: merges a per-channel multiply or add by constants into the
 * float convolution or fully-connected op before it.
 *
 * ONNX exporters leave BatchNormalization (imported as x·s + t per channel)
 * and bias additions (Conv without B, then Add) as separate ops; folded into
 * the weights and bias they cost nothing at run time. Only float ops whose
 * result has no other reader are folded; the operand must broadcast along
 * the output channel alone (axis 1 for conv_nchw, the last axis for
 * fully_connected).
 */
import { elementCount, type AnyOp, type Graph, type Tensor, type TensorData } from '../ir/index.js';
import { compactGraph } from './compact.js';
import { GraphEditor, readersOf } from './editor.js';
import type { Pass } from './pass.js';

/** Per-channel values of a constant that broadcasts along `channelAxis` only; undefined otherwise. */
function perChannel(c: Tensor, outShape: readonly number[], channelAxis: number): Float32Array | undefined {
  if (c.data === undefined || c.dtype !== 'f32' || c.shape.length > outShape.length) return undefined;
  const full = [...new Array<number>(outShape.length - c.shape.length).fill(1), ...c.shape];
  const channels = outShape[channelAxis]!;
  if (full.some((d, i) => i !== channelAxis && d !== 1) || (full[channelAxis] !== 1 && full[channelAxis] !== channels)) return undefined;
  const values = c.data as Float32Array;
  return Float32Array.from({ length: channels }, (_, ch) => values[values.length === 1 ? 0 : ch]!);
}

interface Target {
  weights: Tensor;
  bias: Tensor | undefined;
  channelAxis: number;
  /** Weight elements per output channel, which is the weights' leading axis. */
  perChannelWeights: number;
}

function target(g: Graph, op: AnyOp): Target | undefined {
  if (op.kind !== 'conv_nchw' && op.kind !== 'fully_connected') return undefined;
  if (op.attrs.activation !== 'none') return undefined;
  const input = g.tensors[op.inputs[0]!]!;
  const weights = g.tensors[op.inputs[1]!]!;
  const bias = op.inputs[2] !== undefined && op.inputs[2] >= 0 ? g.tensors[op.inputs[2]]! : undefined;
  if (input.dtype !== 'f32' || weights.data === undefined || (bias && bias.data === undefined)) return undefined;
  const out = g.tensors[op.outputs[0]!]!;
  return {
    weights, bias,
    channelAxis: op.kind === 'conv_nchw' ? 1 : out.shape.length - 1,
    perChannelWeights: elementCount(weights.shape.slice(1)),
  };
}

function foldOnce(g: Graph): Graph | undefined {
  const readers = readersOf(g);
  const outputs = new Set(g.outputs);
  for (let i = 0; i < g.ops.length; i++) {
    const op = g.ops[i]!;
    const t = target(g, op);
    if (!t) continue;
    const out = op.outputs[0]!;
    if (outputs.has(out) || readers[out]!.length !== 1) continue;
    const j = readers[out]![0]!;
    const next = g.ops[j]!;
    if ((next.kind !== 'mul' && next.kind !== 'add') || next.attrs.activation !== 'none') continue;
    const other = next.inputs[0] === out ? next.inputs[1]! : next.inputs[0]!;
    const values = perChannel(g.tensors[other]!, g.tensors[out]!.shape, t.channelAxis);
    if (!values || g.tensors[next.outputs[0]!]!.shape.join() !== g.tensors[out]!.shape.join()) continue;
    const channels = values.length;
    const f = Math.fround;
    const oldBias = t.bias?.data as TensorData | undefined;
    const bias = Float32Array.from({ length: channels }, (_, ch) => (oldBias ? Number(oldBias[ch]) : 0));
    let weights = t.weights.data as Float32Array;
    if (next.kind === 'mul') {
      weights = Float32Array.from(weights, (w, k) => f(w * values[Math.floor(k / t.perChannelWeights)]!));
      for (let ch = 0; ch < channels; ch++) bias[ch] = f(bias[ch]! * values[ch]!);
    } else {
      for (let ch = 0; ch < channels; ch++) bias[ch] = f(bias[ch]! + values[ch]!);
    }
    const e = new GraphEditor(g);
    const w = next.kind === 'mul' ? e.addConstant(`${t.weights.name}/folded`, 'f32', t.weights.shape.slice(), weights) : op.inputs[1]!;
    const b = e.addConstant(`${op.name}/bias`, 'f32', [channels], bias);
    const merged = { ...op, inputs: [op.inputs[0]!, w, b], outputs: next.outputs.slice() } as AnyOp;
    const ops = g.ops.filter((_, k) => k !== j).map((o) => (o === op ? merged : o));
    return compactGraph(e.build(ops));
  }
  return undefined;
}

export function foldAffineIn(input: Graph): Graph {
  let g = input;
  for (let next = foldOnce(g); next; next = foldOnce(g)) g = next;
  return g;
}

export const foldAffine: Pass = {
  name: 'fold-affine',
  description: 'merge per-channel multiplies and adds (BatchNormalization, bias adds) into the preceding float conv or fully-connected op',
  run: foldAffineIn,
};
