/**
 * Float-graph clean-up before calibration, so every rounding the quantized
 * model does is one TFLite's int8 kernels would also do:
 *
 * - constant folding: an op whose inputs are all constants (an exporter's
 *   reshape or transpose of a weight matrix, say) is evaluated once and its
 *   output becomes a constant — weights must be constants to be quantized;
 * - bias folding: conv/depthwise/fully-connected followed by an ADD of a
 *   constant per-channel vector (ONNX exports often split the bias out)
 *   becomes one op with that bias — otherwise the pre-bias sum would be
 *   rounded to int8 and the bias added by a separate int8 add;
 * - activation fusing: an op with a fused-activation slot followed by
 *   RELU, RELU6 or RELU_N1_TO_1 takes the activation into its clamp.
 *
 * Both apply only when the intermediate tensor has that one reader and is
 * not a graph output. The result is a new graph (the input is not changed);
 * dropped ops leave their intermediate tensor unused.
 */
import { allocData, elementCount, type AnyOp, type FusedActivation, type Graph, type Tensor } from '../ir/index.js';
import { OPS } from '../ops/registry.js';

const BIAS_OPS = new Set(['conv2d', 'depthwise_conv2d', 'fully_connected']);
const ACTIVATION_OPS = new Set(['conv2d', 'depthwise_conv2d', 'transpose_conv2d', 'fully_connected', 'add', 'sub', 'mul']);
const FUSABLE: Record<string, FusedActivation> = { relu: 'relu', relu6: 'relu6', relu_n1_to_1: 'relu_n1_to_1' };

export function foldForQuantization(g: Graph): Graph {
  const tensors: Tensor[] = g.tensors.map((t) => ({ ...t }));
  let ops: AnyOp[] = g.ops.map((op) => ({ ...op, inputs: op.inputs.slice(), outputs: op.outputs.slice(), attrs: { ...op.attrs } }) as AnyOp);
  ops = ops.filter((op) => !foldConstantOp(op, { ...g, tensors, ops }, tensors));
  for (let changed = true; changed; ) {
    changed = false;
    const readers = readerCounts(ops, tensors.length);
    for (let i = 0; i + 1 < ops.length && !changed; i++) {
      const op = ops[i]!;
      const out = op.outputs[0]!;
      if (op.outputs.length !== 1 || readers[out] !== 1 || g.outputs.includes(out)) continue;
      const nextIndex = ops.findIndex((o) => o.inputs.includes(out));
      const next = ops[nextIndex]!;
      const merged = tryFoldBias(op, next, out, tensors) ?? tryFuseActivation(op, next);
      if (merged) {
        merged.outputs = next.outputs.slice();
        ops = ops.filter((_, k) => k !== nextIndex).map((o, k) => (k === i ? merged : o));
        changed = true;
      }
    }
  }
  return { ...g, tensors, ops };
}

function readerCounts(ops: readonly AnyOp[], n: number): Int32Array {
  const counts = new Int32Array(n);
  for (const op of ops) for (const i of op.inputs) if (i >= 0) counts[i]! += 1;
  return counts;
}

/** op → add(op_out, const[C]) as op with bias += const; undefined when the pattern does not match. */
function tryFoldBias(op: AnyOp, next: AnyOp, out: number, tensors: Tensor[]): AnyOp | undefined {
  if (!BIAS_OPS.has(op.kind) || next.kind !== 'add') return undefined;
  const a = op.attrs as { activation: FusedActivation };
  if (a.activation !== 'none') return undefined;
  const other = next.inputs[0] === out ? next.inputs[1]! : next.inputs[0]!;
  const addend = tensors[other];
  const outT = tensors[out]!;
  const channels = outT.shape[outT.shape.length - 1] ?? 0;
  if (!addend?.data || addend.dtype !== 'f32' || elementCount(addend.shape) !== channels) return undefined;
  // Per-channel only: every dimension but the last is 1.
  if (addend.shape.slice(0, -1).some((d) => d !== 1)) return undefined;
  const biasIndex = op.inputs[2] ?? -1;
  const old = biasIndex >= 0 ? (tensors[biasIndex]!.data as Float32Array) : new Float32Array(channels);
  const sum = new Float32Array(channels);
  for (let c = 0; c < channels; c++) sum[c] = Math.fround(old[c]! + (addend.data as Float32Array)[c]!);
  tensors.push({ name: `${op.name}/folded_bias`, dtype: 'f32', shape: [channels], data: sum });
  const inputs = op.inputs.slice(0, 2);
  inputs[2] = tensors.length - 1;
  const activation = (next.attrs as { activation: FusedActivation }).activation;
  return { ...op, inputs, attrs: { ...op.attrs, activation } } as AnyOp;
}

/** op(activation none) → relu-like as op(activation). */
function tryFuseActivation(op: AnyOp, next: AnyOp): AnyOp | undefined {
  const fused = FUSABLE[next.kind];
  if (!fused || !ACTIVATION_OPS.has(op.kind)) return undefined;
  const a = op.attrs as { activation: FusedActivation };
  if (a.activation !== 'none') return undefined;
  return { ...op, attrs: { ...op.attrs, activation: fused } } as AnyOp;
}

/** Evaluates an op whose inputs are all constants into constant outputs; false when it has live inputs. */
function foldConstantOp(op: AnyOp, g: Graph, tensors: Tensor[]): boolean {
  const inputs = op.inputs.filter((i) => i >= 0);
  if (op.kind === 'unsupported' || inputs.length === 0 || inputs.some((i) => tensors[i]!.data === undefined)) return false;
  if (op.outputs.some((i) => g.outputs.includes(i))) return false;
  const def = OPS[op.kind];
  const prepared = def.prepare(op as never, g);
  const outs = op.outputs.map((i) => allocData(tensors[i]!.dtype, elementCount(tensors[i]!.shape)));
  def.evalRef(prepared as never, op.inputs.map((i) => (i >= 0 ? tensors[i]!.data : undefined)), outs);
  op.outputs.forEach((i, k) => {
    tensors[i] = { ...tensors[i]!, data: outs[k]! };
  });
  return true;
}
