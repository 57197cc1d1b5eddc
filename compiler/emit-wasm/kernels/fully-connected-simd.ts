/**
 * FULLY_CONNECTED's SIMD128 path: int8 rows times int8 weights with a zero
 * filter zero point run the matrix kernel of gemm-simd.ts, rows read in
 * place; a per-tensor multiplier is repeated per unit. Float32 uses the
 * unit-vectorised kernel of float-simd.ts. Other cases keep the portable
 * kernel.
 */
import type { Graph, Op } from '../../ir/index.js';
import type { FullyConnectedPrepared } from '../../ops/fully-connected.js';
import type { Expr, FunctionBuilder } from '../binaryen.js';
import { emitFloatDense, packBias, packDenseWeights, type FloatDenseConfig } from './float-simd.js';
import { emitGemmSimd, packDepth, packWeights, weightSums, type GemmSimdConfig } from './gemm-simd.js';
import { outputOperand, tensorOperand, type KernelPlan } from './kernel.js';
import { buildRecords } from './simd-requant.js';

export type FullyConnectedSimdConfig = GemmSimdConfig | FloatDenseConfig;

export function planFullyConnectedSimd(op: Op<'fully_connected'>, p: FullyConnectedPrepared, g: Graph): KernelPlan<FullyConnectedSimdConfig> | undefined {
  const weights = g.tensors[op.inputs[1]!]!;
  const bias = p.hasBias ? g.tensors[op.inputs[2]!]! : undefined;
  if (p.dtype === 'f32') {
    if (!(weights.data instanceof Float32Array) || (bias && !(bias.data instanceof Float32Array))) return undefined;
    const config: FloatDenseConfig = { kind: 'float-dense', batches: p.batches, depth: p.depth, units: p.units, hasBias: bias !== undefined, actMin: p.actMin, actMax: p.actMax };
    return {
      config,
      operands: [tensorOperand(op, 0), { table: packDenseWeights(weights.data, p.units, p.depth) }, { table: packBias(bias?.data as Float32Array | undefined, p.units) }, outputOperand(op)],
    };
  }
  if (p.dtype !== 'i8' || p.requant !== 'fixed' || (p.filterOffsets[0] ?? 0) !== 0 || !(weights.data instanceof Int8Array)) return undefined;
  if (bias && !(bias.data instanceof Int32Array)) return undefined;
  const N = p.units;
  const K = p.depth;
  const sums = weightSums(weights.data, N, K);
  const biases = sums.map((s, n) => ((bias ? (bias.data as Int32Array)[n]! : 0) + p.inputOffset * s) | 0);
  const perUnit = (xs: number[]): number[] => (xs.length === 1 ? new Array<number>(N).fill(xs[0]!) : xs);
  const built = buildRecords(biases, perUnit(p.multipliers), perUnit(p.shifts), N);
  if (!built) return undefined;
  const config: GemmSimdConfig = {
    kind: 'gemm',
    rows: p.batches, K, Kp: packDepth(K), N,
    rq: { emax: built.emax, hasLeft: built.hasLeft, outputOffset: p.outputOffset, actMin: p.actMin, actMax: p.actMax },
    source: { mode: 'rows', rowStride: K },
  };
  return { config, operands: [tensorOperand(op, 0), { table: packWeights(weights.data, N, K) }, { table: built.records }, outputOperand(op)] };
}

export function fullyConnectedSimd(f: FunctionBuilder, s: FullyConnectedSimdConfig): Expr {
  return s.kind === 'gemm' ? emitGemmSimd(f, s) : emitFloatDense(f, s);
}
