/**
 * QDQ node groups: DequantizeLinear → op → QuantizeLinear imported as one
 * integer op, the way ONNX Runtime's QDQ transformer fuses them into its
 * QLinear kernels — so a QDQ model runs in int8 and matches ONNX Runtime.
 *
 * Recognised (the op's float inputs must all come from DequantizeLinear, its
 * result must go only to one QuantizeLinear, per-tensor activations):
 * - Conv (optionally → Relu) with constant int8/uint8 weights and an int32
 *   bias of scale s_x · s_w: a QLinearConv.
 * - MatMul and Gemm (alpha = beta = 1, no transA) with a constant 2-D B and
 *   an optional int32 bias: an integer fully-connected op.
 * - Add: QLinearAdd arithmetic.
 * - MaxPool, Reshape, Flatten, Squeeze, Unsqueeze, Transpose when input and
 *   output share scale and zero point: the op runs on the integers.
 * Everything else keeps its DequantizeLinear/QuantizeLinear ops and runs in
 * float, as ONNX Runtime does with unfused nodes.
 */
import { fail, type Tensor } from '../../ir/index.js';
import type { GraphBuilder } from './builder.js';
import { NodeContext } from './context.js';
import { sameQuant } from './ops/common.js';
import { convertQuantizedGemm, convertQLinearMatMul } from './ops/matmul.js';
import { convertQLinearConv } from './ops/nn.js';
import { ONNX_OPS } from './ops/index.js';
import { convertQLinearAdd } from './ops/quant.js';
import type { OnnxGraph, OnnxNode } from './schema.js';
import { toNumbers } from './tensor-proto.js';

export interface QdqGroup {
  target: number;
  /** The DequantizeLinear node feeding each input of the target (undefined for non-DQ inputs). */
  dq: Array<number | undefined>;
  relu?: number;
  q: number;
}

const PASS_THROUGH = new Set(['MaxPool', 'Reshape', 'Flatten', 'Squeeze', 'Unsqueeze', 'Transpose']);
const INTEGER = new Set(['Conv', 'MatMul', 'Gemm', 'Add']);

interface Links {
  producer: Map<string, number>;
  consumers: Map<string, number[]>;
  outputs: Set<string>;
  initializers: Set<string>;
}

function links(g: OnnxGraph): Links {
  const producer = new Map<string, number>();
  const consumers = new Map<string, number[]>();
  g.node.forEach((n, i) => {
    n.output.forEach((o) => producer.set(o, i));
    n.input.forEach((x) => { if (x) consumers.set(x, [...(consumers.get(x) ?? []), i]); });
  });
  return { producer, consumers, outputs: new Set(g.output.map((o) => o.name)), initializers: new Set(g.initializer.map((t) => t.name)) };
}

/** The single consumer of `value` if it is of type `opType` (and `value` is not a graph output). */
function soleConsumer(l: Links, nodes: OnnxNode[], value: string, opType: string): number | undefined {
  const readers = l.consumers.get(value) ?? [];
  if (l.outputs.has(value) || readers.length !== 1 || nodes[readers[0]!]!.opType !== opType) return undefined;
  return readers[0];
}

/** Finds the QDQ groups of a graph, keyed by the target node. */
export function findQdqGroups(g: OnnxGraph): Map<number, QdqGroup> {
  const l = links(g);
  const nodes = g.node;
  const groups = new Map<number, QdqGroup>();
  const definedBefore = (name: string, target: number): boolean => name === '' || l.initializers.has(name) || (l.producer.get(name) ?? Infinity) < target;
  nodes.forEach((node, target) => {
    if (node.domain !== '' && node.domain !== 'ai.onnx') return;
    if (!INTEGER.has(node.opType) && !PASS_THROUGH.has(node.opType)) return;
    if (node.output.length !== 1) return;
    const dataInputs = PASS_THROUGH.has(node.opType) ? [0] : node.input.map((_, i) => i).filter((i) => node.input[i] !== '');
    const dq = node.input.map((name, i) => {
      if (!dataInputs.includes(i)) return undefined;
      const p = l.producer.get(name);
      return p !== undefined && nodes[p]!.opType === 'DequantizeLinear' ? p : undefined;
    });
    if (dataInputs.some((i) => dq[i] === undefined)) return;
    let out = node.output[0]!;
    let relu: number | undefined;
    if (node.opType === 'Conv') {
      relu = soleConsumer(l, nodes, out, 'Relu');
      if (relu !== undefined) out = nodes[relu]!.output[0]!;
    }
    const q = soleConsumer(l, nodes, out, 'QuantizeLinear');
    if (q === undefined) return;
    // The output's scale and zero point must be known when the target is converted.
    if (!nodes[q]!.input.slice(1).every((name) => definedBefore(name, target))) return;
    groups.set(target, { target, dq, ...(relu !== undefined ? { relu } : {}), q });
  });
  return groups;
}

/**
 * Converts a group at its target node, or returns false when the tensors do
 * not fit (then the nodes are converted one by one, in float).
 */
export function convertQdqGroup(b: GraphBuilder, nodes: OnnxNode[], group: QdqGroup, opset: number, label: string): boolean {
  const target = nodes[group.target]!;
  const q = nodes[group.q]!;
  const dqNode = (i: number): OnnxNode => nodes[group.dq[i]!]!;
  const dqInputs = (i: number): string[] => [dqNode(i).input[0]!, dqNode(i).input[1] ?? '', dqNode(i).input[2] ?? ''];
  const out = q.output[0]!;
  const qParams = [q.input[1] ?? '', q.input[2] ?? ''];
  const tensorOf = (name: string) => {
    const i = b.lookup(name);
    return i === undefined ? undefined : b.tensors[i];
  };
  const isConst = (name: string): boolean => tensorOf(name)?.data !== undefined;
  const perTensor = (name: string): boolean => tensorOf(name)?.shape.reduce((n, d) => n * d, 1) === 1;
  const synthetic = (opType: string, input: string[]): NodeContext =>
    new NodeContext(b, { ...target, opType, input, output: [out] }, opset, label, `${target.opType} (QDQ)`);
  const int8 = (name: string): boolean => ['i8', 'u8'].includes(tensorOf(name)?.dtype ?? '');
  // Per-channel weights must be quantized along the output channels (DequantizeLinear's axis defaults to 1).
  const weightAxisIs = (i: number, axis: number): boolean => {
    const node = dqNode(i);
    if (perTensor(node.input[1] ?? '')) return true;
    const rank = tensorOf(node.input[0]!)?.shape.length ?? 0;
    const given = node.attribute.find((a) => a.name === 'axis');
    const a = given === undefined ? 1 : Number(given.i);
    return (a < 0 ? a + rank : a) === axis;
  };

  switch (target.opType) {
    case 'Conv': {
      const [x, xs, xz] = dqInputs(0);
      const [w, ws, wz] = dqInputs(1);
      if (!int8(x!) || !int8(w!) || !isConst(w!) || !perTensor(xs!) || !weightAxisIs(1, 0)) return false;
      const bias = target.input[2] ? dqInputs(2)[0]! : '';
      if (bias && !biasFits(tensorOf, dqInputs(2), xs!, ws!)) return false;
      convertQLinearConv(synthetic('QLinearConv', [x!, xs!, xz!, w!, ws!, wz!, qParams[0]!, qParams[1]!, bias]), group.relu !== undefined ? 'relu' : 'none');
      return true;
    }
    case 'MatMul':
    case 'Gemm': {
      const [a, as, az] = dqInputs(0);
      const [w, ws, wz] = dqInputs(1);
      const attrs = target.attribute;
      const attr = (name: string, dflt: number): number => {
        const x = attrs.find((t) => t.name === name);
        return x === undefined ? dflt : x.type === 1 ? x.f : Number(x.i);
      };
      if (!int8(a!) || !int8(w!) || !isConst(w!) || !perTensor(as!) || tensorOf(w!)!.shape.length !== 2 || tensorOf(a!)!.shape.length < 2) return false;
      if (target.opType === 'Gemm' && (attr('alpha', 1) !== 1 || attr('beta', 1) !== 1 || attr('transA', 0) !== 0)) return false;
      if (!weightAxisIs(1, target.opType === 'Gemm' && attr('transB', 0) === 1 ? 0 : 1)) return false;
      const bias = target.opType === 'Gemm' && target.input[2] ? dqInputs(2)[0]! : '';
      if (bias && !biasFits(tensorOf, dqInputs(2), as!, ws!)) return false;
      const c = synthetic('QGemm', [a!, as!, az!, w!, ws!, wz!, qParams[0]!, qParams[1]!, bias]);
      if (target.opType === 'MatMul' && !bias) convertQLinearMatMul(c);
      else convertQuantizedGemm(c, attr('transB', 0) === 1);
      return true;
    }
    case 'Add': {
      const [a, as, az] = dqInputs(0);
      const [c2, cs, cz] = dqInputs(1);
      if (!int8(a!) || !int8(c2!) || !perTensor(as!) || !perTensor(cs!)) return false;
      const ctx = synthetic('QLinearAdd', [a!, as!, az!, c2!, cs!, cz!, qParams[0]!, qParams[1]!]);
      convertQLinearAdd(ctx);
      return true;
    }
    default: {
      const [x, xs, xz] = dqInputs(0);
      if (!int8(x!) || !perTensor(xs!)) return false;
      const dqScale = toNumbers(tensorOf(xs!)!.data!);
      const qScale = tensorOf(qParams[0]!)?.data;
      const zp = (name: string) => (name ? toNumbers(tensorOf(name)!.data!) : [0]);
      if (!qScale || !sameQuant({ scale: dqScale, zeroPoint: zp(xz!), axis: 0 }, { scale: toNumbers(qScale), zeroPoint: zp(qParams[1]!), axis: 0 })) return false;
      const ctx = synthetic(target.opType, [x!, ...target.input.slice(1)]);
      const convert = ONNX_OPS[target.opType] ?? fail('onnx/unsupported-op', `${label}: operator ${target.opType} is not supported`);
      convert(ctx);
      return true;
    }
  }
}

/** An int32 bias whose scale is s_a · s_w (per channel) and zero point 0, as QLinearConv requires. */
function biasFits(tensorOf: (name: string) => Tensor | undefined, bias: string[], aScale: string, wScale: string): boolean {
  const [bInt, bScale, bZero] = bias;
  const values = (name: string): number[] => {
    const data = tensorOf(name)?.data;
    return data === undefined ? [] : toNumbers(data);
  };
  const t = tensorOf(bInt!);
  if (t?.dtype !== 'i32' || t.data === undefined) return false;
  const bs = values(bScale!);
  const as = values(aScale)[0];
  const ws = values(wScale);
  if (as === undefined || bs.length === 0 || ws.length === 0) return false;
  if (bZero && values(bZero).some((z) => z !== 0)) return false;
  return bs.every((s, i) => Math.abs(s - Math.fround(as * ws[ws.length === 1 ? 0 : i]!)) <= 1e-6 * Math.abs(s));
}
