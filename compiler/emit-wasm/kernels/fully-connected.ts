/**
 * FULLY_CONNECTED, the portable kernel: one dot product per (row, unit) in
 * the reference's order, with the weights' offset (per tensor, or per unit
 * for ONNX), int8 / uint8 / packed int4 and int2 weights, and every
 * integer output stage (finish.ts): per-tensor constants baked in as
 * literals, per-channel ones from a table. The SIMD build's fast path is in
 * fully-connected-simd.ts.
 */
import type { Graph, Op } from '../../ir/index.js';
import type { FullyConnectedPrepared } from '../../ops/fully-connected.js';
import type { Expr, FunctionBuilder } from '../binaryen.js';
import { accType, accZero, filterOffsetValue, finishPlan, finishValue, hasFilterOffset, multiplyAdd, outputDtype, type FinishConfig } from './finish.js';
import { fullyConnectedSimd, planFullyConnectedSimd, type FullyConnectedSimdConfig } from './fully-connected-simd.js';
import { relaxedSimdPlan } from './relaxed-plan.js';
import { bump, defineKernel, elemBytes, loadElem, outputOperand, storeElem, tensorOperand, type KernelPlan } from './kernel.js';
import { loadWeight, weightBase, weightFormat, weightStep, type WeightFormat } from './weights.js';

export interface FullyConnectedConfig extends FinishConfig {
  batches: number;
  depth: number;
  units: number;
  inputOffset: number;
  weights: WeightFormat;
  simd?: FullyConnectedSimdConfig;
}

export const fullyConnectedKernel = defineKernel({
  plan(op: Op<'fully_connected'>, p: FullyConnectedPrepared, g: Graph, simd: boolean): KernelPlan<FullyConnectedConfig> {
    const { config: finish, table } = finishPlan(op, g, p, p.units);
    const config: FullyConnectedConfig = {
      ...finish, batches: p.batches, depth: p.depth, units: p.units, inputOffset: p.inputOffset,
      weights: weightFormat(p.dtype, g.tensors[op.inputs[1]!]!.dtype, p.weightBits),
    };
    const fast = simd ? planFullyConnectedSimd(op, p, g) : undefined;
    if (fast) return { config: { ...config, simd: fast.config }, operands: fast.operands, scratchBytes: fast.scratchBytes };
    return { config, operands: [tensorOperand(op, 0), tensorOperand(op, 1), tensorOperand(op, 2), outputOperand(op), { table }] };
  },

  relaxedPlan: relaxedSimdPlan,

  emit(f: FunctionBuilder, c: FullyConnectedConfig): Expr {
    if (c.simd) return fullyConnectedSimd(f, c.simd);
    return emitPortableFullyConnected(f, c);
  },
});

function emitPortableFullyConnected(f: FunctionBuilder, c: FullyConnectedConfig): Expr {
  const m = f.m;
  const es = elemBytes(c.dtype);
  const os = elemBytes(outputDtype(c));
  const ws = weightStep(c.weights);
  const [pIn, pW, pBias, pOut, pTable] = f.params(5);
  const [b, u, d, inRow, inPtr, wPtr, outPtr] = f.locals(7, f.t.i32);
  const acc = f.local(accType(f, c));
  const isFloat = c.dtype === 'f32';
  // A per-tensor offset is a literal; per-unit offsets are read once per unit.
  const fo = hasFilterOffset(c) ? (c.filterOffset !== undefined ? undefined : f.local(f.t.i32)) : undefined;
  const x = (): Expr => (isFloat ? loadElem(f, 'f32', inPtr.get()) : m.i32.add(loadElem(f, c.dtype, inPtr.get()), f.i32(c.inputOffset)));
  const w = (): Expr => {
    const v = loadWeight(f, c.weights, wPtr.get());
    if (!hasFilterOffset(c)) return v;
    return m.i32.add(v, fo ? fo.get() : f.i32(c.filterOffset!));
  };
  return f.block([
    inRow.set(pIn.get()),
    outPtr.set(pOut.get()),
    f.forRange(b, 0, c.batches, [
      wPtr.set(weightBase(f, c.weights, pW.get())),
      f.forRange(u, 0, c.units, [
        acc.set(accZero(f, c)),
        ...(fo ? [fo.set(filterOffsetValue(f, c, u, pTable))] : []),
        inPtr.set(inRow.get()),
        f.forRange(d, 0, c.depth, [multiplyAdd(f, c, acc, x(), w()), bump(f, inPtr, es), bump(f, wPtr, ws)]),
        storeElem(f, outputDtype(c), outPtr.get(), finishValue(f, c, acc, u, pBias, pTable)),
        bump(f, outPtr, os),
      ]),
      bump(f, inRow, c.depth * es),
    ]),
  ]);
}
