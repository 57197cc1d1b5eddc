/**
 * LOGISTIC, TANH, RELU, RELU6, RELU_N1_TO_1 and LEAKY_RELU: one element
 * loop, one row per kind for the value (as in compiler/ops/activations.ts).
 * The loop reads element i before writing element i, so the output may
 * share the input's memory (the planner allows it).
 */
import type { Op } from '../../ir/index.js';
import type { ActivationPrepared } from '../../ops/activations.js';
import type { Expr, FunctionBuilder, Local, ModuleBuilder } from '../binaryen.js';
import { fixedLogistic, fixedTanh } from '../runtime/gemmlowp.js';
import { clampAdd, helper, mbqm, rdbp } from '../runtime/fixed-point.js';
import { expF64, tanhF64 } from '../runtime/float-math.js';
import { defineKernel, elemBytes, loadElem, outputOperand, storeElem, tensorOperand, type KernelPlan } from './kernel.js';

const INPUT_INTEGER_BITS = 4;
type Row = { float(f: FunctionBuilder, x: Local, p: Pick<ActivationPrepared, 'alpha'>): Expr; int(f: FunctionBuilder, q: Local, p: ActivationPrepared): Expr };

/** The relu family: requantize (q - zp_in) by s_in/s_out, add zp_out, clamp to [qmin, qmax]. */
const requantizeClamp = (f: FunctionBuilder, q: Local, p: ActivationPrepared): Expr =>
  clampAdd(f.module, mbqm(f.module)(f.m.i32.sub(q.get(), f.i32(p.inputZeroPoint)), f.i32(p.multiplier), f.i32(p.shift)), p.outputZeroPoint, p.qmin, p.qmax);

/** `x` clamped to [lo, hi] in float32 (an infinite bound is left out). */
export const clampFloat = (f: FunctionBuilder, x: Local, lo: number, hi: number): Expr => {
  const m = f.m;
  // Math.max(0, x) / Math.min(6, …) as the reference writes them (NaN-free data).
  let e = x.get();
  if (lo !== -Infinity) e = m.select(m.f32.lt(x.get(), m.f32.const(lo)), m.f32.const(lo), e);
  if (hi === Infinity) return e;
  const t = f.local(f.t.f32);
  return m.block(null, [t.set(e), m.select(m.f32.gt(t.get(), m.f32.const(hi)), m.f32.const(hi), t.get())], f.t.f32);
};

/** Logistic/tanh inputs beyond ±radius saturate; inside, rescale to Q4.27 and run gemmlowp. */
function fixedPointRow(f: FunctionBuilder, q: Local, p: ActivationPrepared, core: (x: Expr) => Expr): Expr {
  const m = f.m;
  const x = f.local(f.t.i32);
  return m.block(null, [
    x.set(m.i32.sub(q.get(), f.i32(p.inputZeroPoint))),
    m.if(m.i32.le_s(x.get(), f.i32(-p.rangeRadius)), m.return(f.i32(-128))),
    m.if(m.i32.ge_s(x.get(), f.i32(p.rangeRadius)), m.return(f.i32(127))),
    clampAdd(f.module, core(mbqm(f.module)(x.get(), f.i32(p.multiplier), f.i32(p.shift))), 0, -128, 127),
  ], f.t.i32);
}

const ROWS: Record<ActivationPrepared['kind'], Row> = {
  logistic: {
    float(f, x) {
      const m = f.m;
      const exp = expF64(f.module);
      return m.if(m.f32.gt(x.get(), m.f32.const(16.619047164916992)), m.f32.const(1),
        m.if(m.f32.lt(x.get(), m.f32.const(-9)), m.f32.demote(exp(m.f64.promote(x.get()))),
          m.f32.div(m.f32.const(1), m.f32.add(m.f32.const(1), m.f32.demote(exp(m.f64.neg(m.f64.promote(x.get())))))),
        ));
    },
    int: (f, q, p) => fixedPointRow(f, q, p, (x) => f.m.i32.sub(rdbp(f.module)(fixedLogistic(f.module, INPUT_INTEGER_BITS)(x), f.i32(23)), f.i32(128))),
  },
  tanh: {
    float: (f, x) => f.m.f32.demote(tanhF64(f.module)(f.m.f64.promote(x.get()))),
    int: (f, q, p) => fixedPointRow(f, q, p, (x) => rdbp(f.module)(fixedTanh(f.module, INPUT_INTEGER_BITS)(x), f.i32(24))),
  },
  relu: { float: (f, x) => clampFloat(f, x, 0, Infinity), int: requantizeClamp },
  relu6: { float: (f, x) => clampFloat(f, x, 0, 6), int: requantizeClamp },
  relu_n1_to_1: { float: (f, x) => clampFloat(f, x, -1, 1), int: requantizeClamp },
  leaky_relu: {
    float(f, x, p) {
      const m = f.m;
      return m.select(m.f32.gt(x.get(), m.f32.const(0)), x.get(), m.f32.mul(x.get(), m.f32.const(Math.fround(p.alpha))));
    },
    int(f, q, p) {
      const m = f.m;
      const mul = mbqm(f.module);
      const x = f.local(f.t.i32);
      const v = m.if(m.i32.ge_s(x.get(), f.i32(0)),
        mul(x.get(), f.i32(p.multiplier), f.i32(p.shift)),
        mul(x.get(), f.i32(p.negMultiplier), f.i32(p.negShift)));
      return m.block(null, [x.set(m.i32.sub(q.get(), f.i32(p.inputZeroPoint))), clampAdd(f.module, v, p.outputZeroPoint, p.qmin, p.qmax)], f.t.i32);
    },
  },
};

export const activationKernel = defineKernel({
  plan(op: Op, p: ActivationPrepared): KernelPlan<ActivationPrepared> {
    return { config: p, operands: [tensorOperand(op, 0), outputOperand(op)] };
  },
  emit(f: FunctionBuilder, p: ActivationPrepared): Expr {
    const [pIn, pOut] = f.params(2);
    const es = elemBytes(p.dtype);
    const row = ROWS[p.kind];
    // The per-element value lives in its own function so rows may `return` early.
    const i = f.local(f.t.i32);
    const v = f.local(p.dtype === 'f32' ? f.t.f32 : f.t.i32);
    const value = elementFunction(f, p, row);
    return f.block([
      f.forRange(i, 0, p.count, [
        v.set(loadElem(f, p.dtype, f.m.i32.add(pIn.get(), f.m.i32.mul(i.get(), f.i32(es))))),
        storeElem(f, p.dtype, f.m.i32.add(pOut.get(), f.m.i32.mul(i.get(), f.i32(es))), value(v.get())),
      ]),
    ]);
  },
});

/** The float row of logistic or tanh as one shared function of the module, for kernels that apply it inside (the float LSTM). */
export function floatActivation(mb: ModuleBuilder, kind: 'logistic' | 'tanh'): (x: Expr) => Expr {
  const { f32 } = mb.t;
  return helper(mb, `act_${kind}_f32_row`, [f32], f32, (g) => ROWS[kind].float(g, g.param(0), { alpha: 0 }));
}

/** One wasm function per distinct activation configuration computing a single element. */
function elementFunction(f: FunctionBuilder, p: ActivationPrepared, row: Row): (x: Expr) => Expr {
  const mb = f.module;
  const type = p.dtype === 'f32' ? mb.t.f32 : mb.t.i32;
  const name = mb.intern(`act_${p.kind}_${p.dtype}`, JSON.stringify({ ...p, count: 0 }), (n) =>
    mb.addFunction(n, [type], type, (g) => (p.dtype === 'f32' ? row.float(g, g.param(0), p) : row.int(g, g.param(0), p))));
  return (x) => mb.m.call(name, [x], type);
}
