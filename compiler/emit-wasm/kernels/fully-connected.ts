/**
 * FULLY_CONNECTED, the portable kernel: one dot product per (row, unit) in
 * the reference's order, with the filter zero point when the weights have
 * one, per-tensor requantization baked in as literals or per-channel from a
 * table. The SIMD build's fast path is in fully-connected-simd.ts.
 */
import type { Graph, Op } from '../../ir/index.js';
import type { FullyConnectedPrepared } from '../../ops/fully-connected.js';
import type { Expr, FunctionBuilder } from '../binaryen.js';
import { accType, accZero, finishValue, multiplyAdd, type FinishConfig } from './finish.js';
import { fullyConnectedSimd, planFullyConnectedSimd, type FullyConnectedSimdConfig } from './fully-connected-simd.js';
import { bump, defineKernel, elemBytes, loadElem, outputOperand, requantTable, storeElem, tensorOperand, type KernelPlan } from './kernel.js';

export interface FullyConnectedConfig extends FinishConfig {
  batches: number;
  depth: number;
  units: number;
  inputOffset: number;
  filterOffset: number;
  simd?: FullyConnectedSimdConfig;
}

export const fullyConnectedKernel = defineKernel({
  plan(op: Op<'fully_connected'>, p: FullyConnectedPrepared, g: Graph, simd: boolean): KernelPlan<FullyConnectedConfig> {
    const bias = p.hasBias ? g.tensors[op.inputs[2]!]! : undefined;
    const perTensor = p.dtype !== 'f32' && p.multipliers.length === 1;
    const config: FullyConnectedConfig = {
      dtype: p.dtype as FullyConnectedConfig['dtype'], ...(bias ? { biasDtype: bias.dtype } : {}), wideAccumulator: p.wideAccumulator,
      outputOffset: p.outputOffset, actMin: p.actMin, actMax: p.actMax,
      ...(perTensor ? { multiplier: p.multipliers[0]!, shift: p.shifts[0]! } : {}),
      batches: p.batches, depth: p.depth, units: p.units, inputOffset: p.inputOffset, filterOffset: p.filterOffsets[0] ?? 0,
    };
    const table = { table: perTensor ? new Uint8Array(0) : requantTable(p.multipliers, p.shifts) };
    const fast = simd ? planFullyConnectedSimd(op, p, g) : undefined;
    if (fast) return { config: { ...config, simd: fast.config }, operands: fast.operands, scratchBytes: fast.scratchBytes };
    return { config, operands: [tensorOperand(op, 0), tensorOperand(op, 1), tensorOperand(op, 2), outputOperand(op), table] };
  },

  emit(f: FunctionBuilder, c: FullyConnectedConfig): Expr {
    if (c.simd) return fullyConnectedSimd(f, c.simd);
    return emitPortableFullyConnected(f, c);
  },
});

function emitPortableFullyConnected(f: FunctionBuilder, c: FullyConnectedConfig): Expr {
  const m = f.m;
  const es = elemBytes(c.dtype);
  const ws = c.dtype === 'f32' ? 4 : 1;
  const wDtype = c.dtype === 'f32' ? 'f32' : 'i8';
  const [pIn, pW, pBias, pOut, pTable] = f.params(5);
  const [b, u, d, inRow, inPtr, wPtr, outPtr] = f.locals(7, f.t.i32);
  const acc = f.local(accType(f, c));
  const isFloat = c.dtype === 'f32';
  const x = (): Expr => (isFloat ? loadElem(f, 'f32', inPtr.get()) : m.i32.add(loadElem(f, c.dtype, inPtr.get()), f.i32(c.inputOffset)));
  const w = (): Expr => {
    const v = loadElem(f, wDtype, wPtr.get());
    return isFloat || c.filterOffset === 0 ? v : m.i32.add(v, f.i32(c.filterOffset));
  };
  return f.block([
    inRow.set(pIn.get()),
    outPtr.set(pOut.get()),
    f.forRange(b, 0, c.batches, [
      wPtr.set(pW.get()),
      f.forRange(u, 0, c.units, [
        acc.set(accZero(f, c)),
        inPtr.set(inRow.get()),
        f.forRange(d, 0, c.depth, [multiplyAdd(f, c, acc, x(), w()), bump(f, inPtr, es), bump(f, wPtr, ws)]),
        storeElem(f, c.dtype, outPtr.get(), finishValue(f, c, acc, u, pBias, pTable)),
        bump(f, outPtr, es),
      ]),
      bump(f, inRow, c.depth * es),
    ]),
  ]);
}
