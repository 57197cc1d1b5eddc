/**
 * SVDF in wasm, as compiler/ops/svdf.ts and the C kernel: scalar loops,
 * the state (the op's second output) shifted and updated in place, the new
 * state values stored by their low bits (store8 / store16 keep exactly
 * those, as TFLite Micro's conversion does).
 */
import { intRange, type Graph, type Op } from '../../ir/index.js';
import type { SvdfPrepared } from '../../ops/svdf.js';
import type { Expr, FunctionBuilder } from '../binaryen.js';
import { clampAdd, mbqm } from '../runtime/fixed-point.js';
import { defineKernel, loadElem, outputOperand, storeElem, tensorOperand, type KernelPlan } from './kernel.js';

export const svdfKernel = defineKernel({
  plan(op: Op<'svdf'>, p: SvdfPrepared, _g: Graph): KernelPlan<SvdfPrepared> {
    return { config: { ...p }, operands: [0, 1, 2, 3].map((i) => tensorOperand(op, i)).concat([outputOperand(op, 0), outputOperand(op, 1)]) };
  },

  emit(f: FunctionBuilder, p: SvdfPrepared): Expr {
    const m = f.m;
    const { batch: B, inputSize: I, filters: F, memory: M, units: U, rank: R } = p;
    const wide = p.stateType === 'i16';
    const es = wide ? 2 : 1;
    const [pX, pWf, pWt, pBias, pY, pState] = f.params(6);
    const [k, b, fi, c, j, u, r, acc, dot] = f.locals(9, f.t.i32);
    const mul = mbqm(f.module);
    const { min: lo, max: hi } = intRange(p.stateType);
    const load = (ptr: Expr): Expr => loadElem(f, p.stateType, ptr);
    const store = (ptr: Expr, v: Expr): Expr => storeElem(f, p.stateType, ptr, v);
    // State and weights_time share the state's element type.
    const elemAt = (base: Expr, index: Expr): Expr => m.i32.add(base, wide ? m.i32.shl(index, f.i32(1)) : index);
    const stateAt = (index: Expr): Expr => elemAt(pState.get(), index);
    // (b·F + f)·M + j
    const cell = (jj: Expr): Expr => m.i32.add(m.i32.mul(m.i32.add(m.i32.mul(b.get(), f.i32(F)), fi.get()), f.i32(M)), jj);
    return f.block([
      f.forRange(k, 0, B * F * M - 1, [store(stateAt(k.get()), load(m.i32.add(stateAt(k.get()), f.i32(es))))]),
      f.forRange(b, 0, B, [
        f.forRange(fi, 0, F, [
          acc.set(f.i32(0)),
          f.forRange(c, 0, I, [
            acc.set(m.i32.add(acc.get(), m.i32.mul(
              m.i32.load8_s(0, 1, m.i32.add(pWf.get(), m.i32.add(m.i32.mul(fi.get(), f.i32(I)), c.get()))),
              m.i32.sub(m.i32.load8_s(0, 1, m.i32.add(pX.get(), m.i32.add(m.i32.mul(b.get(), f.i32(I)), c.get()))), f.i32(p.inputZeroPoint)),
            ))),
          ]),
          // Clamp, then add the zero point; the store keeps the low bits (TFLite Micro's order).
          store(stateAt(cell(f.i32(M - 1))), m.i32.add(clampAdd(f.module, mul(acc.get(), f.i32(p.featureScale[0]), f.i32(p.featureScale[1])), 0, lo, hi), f.i32(p.stateZeroPoint))),
        ]),
        f.forRange(u, 0, U, [
          acc.set(m.i32.load(0, 4, m.i32.add(pBias.get(), m.i32.shl(u.get(), f.i32(2))))),
          f.forRange(r, 0, R, [
            fi.set(m.i32.add(m.i32.mul(u.get(), f.i32(R)), r.get())),
            dot.set(f.i32(0)),
            f.forRange(j, 0, M, [
              dot.set(m.i32.add(dot.get(), m.i32.mul(
                load(elemAt(pWt.get(), m.i32.add(m.i32.mul(fi.get(), f.i32(M)), j.get()))),
                m.i32.sub(load(stateAt(cell(j.get()))), f.i32(p.stateZeroPoint)),
              ))),
            ]),
            acc.set(m.i32.add(acc.get(), dot.get())),
          ]),
          m.i32.store8(0, 1, m.i32.add(pY.get(), m.i32.add(m.i32.mul(b.get(), f.i32(U)), u.get())),
            clampAdd(f.module, mul(acc.get(), f.i32(p.outputScale[0]), f.i32(p.outputScale[1])), p.outputZeroPoint, -128, 127)),
        ]),
      ]),
    ]);
  },
});
