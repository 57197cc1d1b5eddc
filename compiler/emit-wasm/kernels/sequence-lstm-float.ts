/**
 * SEQUENCE_LSTM_FLOAT in wasm, as compiler/ops/sequence-lstm-float.ts and
 * the C kernel: scalar float32 code, per batch row and time step the 4·S
 * gate pre-activations (each dot product summed in k order), then per unit
 * the gates' logistic/tanh (the activation kernels' float rows, shared
 * functions of the module), the cell update and the new hidden value,
 * stored as the step's output. The hidden and cell state are the op's
 * state outputs, updated in place; the pre-activations live in the op's
 * scratch.
 */
import type { Graph, Op } from '../../ir/index.js';
import type { SequenceLstmFloatPrepared } from '../../ops/sequence-lstm-float.js';
import type { Expr, FunctionBuilder, Local } from '../binaryen.js';
import { clampFloat, floatActivation } from './activations.js';
import { defineKernel, outputOperand, tensorOperand, type KernelPlan } from './kernel.js';

/** Scratch bytes: one step's 4·S pre-activations. */
const scratchBytesOf = (p: SequenceLstmFloatPrepared): number => 4 * 4 * p.units;

export const sequenceLstmFloatKernel = defineKernel({
  plan(op: Op<'sequence_lstm_float'>, p: SequenceLstmFloatPrepared, _g: Graph): KernelPlan<SequenceLstmFloatPrepared> {
    return {
      config: { ...p },
      operands: [0, 1, 2, 3].map((i) => tensorOperand(op, i)).concat([outputOperand(op, 0), outputOperand(op, 1), outputOperand(op, 2), { scratch: true }]),
      scratchBytes: scratchBytesOf(p),
    };
  },

  emit(f: FunctionBuilder, p: SequenceLstmFloatPrepared): Expr {
    const m = f.m;
    const S = p.units;
    const I = p.inputSize;
    const [pX, pWin, pWrec, pBias, pY, pHidden, pCell, pZ] = f.params(8);
    const [b, t, r, k, u, row, xr, hr, cr, wi, wr] = f.locals(11, f.t.i32);
    const [ax, ah, cv, hv] = f.locals(4, f.t.f32);
    const sigmoid = floatActivation(f.module, 'logistic');
    const tanh = floatActivation(f.module, 'tanh');
    const at = (base: Local, index: Expr): Expr => m.i32.add(base.get(), m.i32.shl(index, f.i32(2)));
    const load = (base: Local, index: Expr): Expr => m.f32.load(0, 4, at(base, index));
    /** Pre-activation of gate g (0 input, 1 forget, 2 cell, 3 output) for unit u. */
    const z = (g: number): Expr => m.f32.load(4 * g * S, 4, at(pZ, u.get()));
    const [ig, fg, gg, og] = f.locals(4, f.t.f32);

    return f.block([
      f.forRange(b, 0, p.batch, [
        cr.set(m.i32.add(pCell.get(), m.i32.mul(b.get(), f.i32(4 * S)))),
        hr.set(m.i32.add(pHidden.get(), m.i32.mul(b.get(), f.i32(4 * S)))),
        f.forRange(t, 0, p.time, [
          // xr: this step's input row; wi, wr walk the weight rows.
          row.set(p.timeMajor ? m.i32.add(m.i32.mul(t.get(), f.i32(p.batch)), b.get()) : m.i32.add(m.i32.mul(b.get(), f.i32(p.time)), t.get())),
          xr.set(at(pX, m.i32.mul(row.get(), f.i32(I)))),
          wi.set(pWin.get()),
          wr.set(pWrec.get()),
          f.forRange(r, 0, 4 * S, [
            ax.set(m.f32.const(0)),
            f.forRange(k, 0, I, [ax.set(m.f32.add(ax.get(), m.f32.mul(load(xr, k.get()), load(wi, k.get()))))]),
            ah.set(m.f32.const(0)),
            f.forRange(k, 0, S, [ah.set(m.f32.add(ah.get(), m.f32.mul(load(hr, k.get()), load(wr, k.get()))))]),
            m.f32.store(0, 4, at(pZ, r.get()), m.f32.add(m.f32.add(ax.get(), load(pBias, r.get())), ah.get())),
            wi.set(m.i32.add(wi.get(), f.i32(4 * I))),
            wr.set(m.i32.add(wr.get(), f.i32(4 * S))),
          ]),
          f.forRange(u, 0, S, [
            ig.set(sigmoid(z(0))),
            fg.set(sigmoid(z(1))),
            gg.set(tanh(z(2))),
            og.set(sigmoid(z(3))),
            cv.set(m.f32.add(m.f32.mul(fg.get(), load(cr, u.get())), m.f32.mul(ig.get(), gg.get()))),
            ...(p.cellClip > 0 ? [cv.set(clampFloat(f, cv, -p.cellClip, p.cellClip))] : []),
            m.f32.store(0, 4, at(cr, u.get()), cv.get()),
            hv.set(m.f32.mul(og.get(), tanh(cv.get()))),
            m.f32.store(0, 4, at(hr, u.get()), hv.get()),
            m.f32.store(0, 4, at(pY, m.i32.add(m.i32.mul(row.get(), f.i32(S)), u.get())), hv.get()),
          ]),
        ]),
      ]),
    ]);
  },
});

