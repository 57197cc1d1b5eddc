/**
 * CAST in wasm, as compiler/ops/cast.ts: each element loaded as i32
 * (sign- or zero-extended by its type), converted to float32 when the
 * output is float, and stored by the output's width (store8 / store16 keep
 * the low bits, as a C conversion does).
 */
import type { Graph, Op } from '../../ir/index.js';
import type { CastPrepared } from '../../ops/cast.js';
import type { Expr, FunctionBuilder } from '../binaryen.js';
import { defineKernel, elemBytes, loadElem, outputOperand, storeElem, tensorOperand, type KernelPlan } from './kernel.js';

export const castKernel = defineKernel({
  plan(op: Op<'cast'>, p: CastPrepared, _g: Graph): KernelPlan<CastPrepared> {
    return { config: { ...p }, operands: [tensorOperand(op, 0), outputOperand(op)] };
  },
  emit(f: FunctionBuilder, p: CastPrepared): Expr {
    const m = f.m;
    const [src, dst] = f.params(2);
    const i = f.local(f.t.i32);
    const [inBytes, outBytes] = [elemBytes(p.from), elemBytes(p.to)];
    const at = (base: Expr, bytes: number): Expr => m.i32.add(base, bytes === 1 ? i.get() : m.i32.mul(i.get(), f.i32(bytes)));
    const loaded = loadElem(f, p.from, at(src.get(), inBytes));
    const value = p.to === 'f32' && p.from !== 'f32' ? m.f32.convert_s.i32(loaded) : loaded;
    return f.forRange(i, 0, p.count, [storeElem(f, p.to, at(dst.get(), outBytes), value)]);
  },
});
