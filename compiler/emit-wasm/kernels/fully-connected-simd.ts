/**
 * FULLY_CONNECTED's SIMD128 path: int8 or uint8 rows times int8 (or packed
 * int4/int2) weights with a zero weight offset run the matrix kernel of
 * gemm-simd.ts, rows read in place; a per-tensor multiplier or scale is
 * repeated per unit. Float32 uses the unit-vectorised kernel of
 * float-simd.ts. Other cases keep the portable kernel.
 */
import type { Graph, Op } from '../../ir/index.js';
import type { FullyConnectedPrepared } from '../../ops/fully-connected.js';
import type { Expr, FunctionBuilder } from '../binaryen.js';
import { emitFloatDense, packBias, packDenseWeights, type FloatDenseConfig } from './float-simd.js';
import { emitGemmSimd, planGemm, type GemmSimdConfig } from './gemm-simd.js';
import { outputOperand, tensorOperand, type KernelPlan } from './kernel.js';

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
  const N = p.units;
  const K = p.depth;
  return planGemm(op, g, p, { rows: p.batches, K, N }, { mode: 'rows', rowStride: K });
}

export function fullyConnectedSimd(f: FunctionBuilder, s: FullyConnectedSimdConfig): Expr {
  return s.kind === 'gemm' ? emitGemmSimd(f, s) : emitFloatDense(f, s);
}
