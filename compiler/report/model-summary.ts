/**
 * The model summary behind `ingot inspect`: inputs, outputs, every op with
 * its output shape, MACs, weight bytes and whether Ingot supports it, and
 * every tensor. Plain data, so the CLI can print it as text or JSON.
 */
import {
  byteSize, elementCount, IngotError, type Graph, type QuantParams, type Tensor,
} from '../ir/index.js';
import { OPS } from '../ops/registry.js';

export interface TensorSummary {
  index: number;
  name: string;
  dtype: string;
  shape: number[];
  bytes: number;
  kind: 'input' | 'output' | 'constant' | 'state' | 'activation';
  quant?: { scale: number[]; zeroPoint: number[]; axis: number };
}

export interface OpSummary {
  index: number;
  kind: string;
  /** The operator's name in the source model (e.g. CONV_2D). */
  sourceOp: string;
  name: string;
  outputShape: number[];
  outputDtype: string;
  macs: number;
  weightBytes: number;
  supported: boolean;
  /** Why the op cannot run, when it cannot. */
  problem?: string;
}

export interface ModelSummary {
  name: string;
  source: string;
  inputs: TensorSummary[];
  outputs: TensorSummary[];
  ops: OpSummary[];
  tensors: TensorSummary[];
  totals: { ops: number; macs: number; weightBytes: number; unsupported: number };
}

export function summarizeModel(g: Graph): ModelSummary {
  const kinds = new Map<number, TensorSummary['kind']>();
  g.inputs.forEach((i) => kinds.set(i, 'input'));
  g.outputs.forEach((i) => kinds.set(i, 'output'));
  const tensors = g.tensors.map((t, i) => tensorSummary(t, i, kinds.get(i)));

  const ops: OpSummary[] = g.ops.map((op, index) => {
    const out = g.tensors[op.outputs[0] ?? -1];
    let problem: string | undefined;
    let macs = 0;
    try {
      OPS[op.kind].prepare(op as never, g);
      macs = OPS[op.kind].cost(op as never, g).macs;
    } catch (e) {
      if (!(e instanceof IngotError)) throw e;
      problem = e.message;
    }
    const weightBytes = op.inputs.reduce((sum, i) => {
      const t = i >= 0 ? g.tensors[i] : undefined;
      return sum + (t?.data ? byteSize(t.dtype, elementCount(t.shape)) : 0);
    }, 0);
    return {
      index,
      kind: op.kind,
      sourceOp: op.source ?? op.kind,
      name: op.name,
      outputShape: out?.shape.slice() ?? [],
      outputDtype: out?.dtype ?? '',
      macs,
      weightBytes,
      supported: problem === undefined,
      ...(problem === undefined ? {} : { problem }),
    };
  });

  return {
    name: g.name,
    source: g.source,
    inputs: g.inputs.map((i) => tensors[i]!),
    outputs: g.outputs.map((i) => tensors[i]!),
    ops,
    tensors,
    totals: {
      ops: ops.length,
      macs: ops.reduce((s, o) => s + o.macs, 0),
      weightBytes: tensors.filter((t) => t.kind === 'constant').reduce((s, t) => s + t.bytes, 0),
      unsupported: ops.filter((o) => !o.supported).length,
    },
  };
}

function tensorSummary(t: Tensor, index: number, role: TensorSummary['kind'] | undefined): TensorSummary {
  const kind = role ?? (t.data !== undefined ? 'constant' : t.persistent ? 'state' : 'activation');
  const s: TensorSummary = { index, name: t.name, dtype: t.dtype, shape: t.shape.slice(), bytes: byteSize(t.dtype, elementCount(t.shape)), kind };
  if (t.quant) s.quant = copyQuant(t.quant);
  return s;
}

function copyQuant(q: QuantParams): TensorSummary['quant'] {
  return { scale: q.scale.slice(), zeroPoint: q.zeroPoint.slice(), axis: q.axis };
}
