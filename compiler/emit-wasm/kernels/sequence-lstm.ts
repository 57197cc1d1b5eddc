/**
 * SEQUENCE_LSTM in wasm, as compiler/ops/sequence-lstm.ts and the C kernel:
 * scalar code, per batch row and time step the four gates' wrapping int32
 * dot products (one loop per gate, its multipliers literals), then per unit
 * the int16 sigmoid/tanh (helpers reading TFLite's table, an operand), the
 * cell update and the new hidden value, stored as the step's output. The
 * hidden and cell state are the op's state outputs, updated in place; the
 * gates live in the op's scratch.
 */
import type { Graph, Op, QuantizedScale } from '../../ir/index.js';
import { SIGMOID_TABLE_U16 } from '../../ops/common/int16-sigmoid.js';
import type { SequenceLstmPrepared } from '../../ops/sequence-lstm.js';
import type { Expr, FunctionBuilder, Local, ModuleBuilder } from '../binaryen.js';
import { clampAdd, helper, mbqm } from '../runtime/fixed-point.js';
import { defineKernel, outputOperand, tensorOperand, type KernelPlan } from './kernel.js';

/** Scratch bytes: one step's four gates (int16). */
const scratchBytesOf = (p: SequenceLstmPrepared): number => 2 * 4 * p.units;

/** TFLite's sigmoid table as little-endian uint16 bytes. */
function tableBytes(): Uint8Array {
  const bytes = new Uint8Array(2 * SIGMOID_TABLE_U16.length);
  SIGMOID_TABLE_U16.forEach((v, i) => { bytes[2 * i] = v & 0xff; bytes[2 * i + 1] = v >> 8; });
  return bytes;
}

/**
 * r = the table at a >> fracBits, linearly interpolated by a's low fracBits
 * ((T[uh] << fracBits) + frac·(T[uh+1] − T[uh])), or `saturated` from
 * uh = 255 on. An if, not a select: the table must not be read past its end.
 */
function lookup(f: FunctionBuilder, r: Local, a: Local, table: Local, fracBits: number, saturated: number): Expr {
  const m = f.m;
  const uh = (): Expr => m.i32.shr_u(a.get(), f.i32(fracBits));
  const at = m.i32.add(table.get(), m.i32.shl(uh(), f.i32(1)));
  const ua = m.i32.load16_u(0, 2, at);
  const ub = m.i32.load16_u(2, 2, m.copyExpression(at));
  const frac = m.i32.and(a.get(), f.i32((1 << fracBits) - 1));
  return m.if(m.i32.ge_u(uh(), f.i32(255)), r.set(f.i32(saturated)),
    r.set(m.i32.add(m.i32.shl(ua, f.i32(fracBits)), m.i32.mul(frac, m.i32.sub(ub, m.copyExpression(ua))))));
}

/** |v| into a. */
const absInto = (f: FunctionBuilder, a: Local, v: Local): Expr => a.set(f.m.select(f.m.i32.lt_s(v.get(), f.i32(0)), f.m.i32.sub(f.i32(0), v.get()), v.get()));

/** int16 logistic of a Q3.12 value (compiler/ops/common/int16-sigmoid.ts `sigmoid16`). */
function sigmoid16(mb: ModuleBuilder): (x: Expr, table: Expr) => Expr {
  const { i32 } = mb.t;
  return helper(mb, 'lstm_sigmoid16', [i32, i32], i32, (f) => {
    const m = f.m;
    const [x, table] = f.params(2);
    const [v, a, r] = f.locals(3, i32);
    return m.block(null, [
      v.set(m.i32.mul(x.get(), f.i32(3))),
      absInto(f, a, v),
      lookup(f, r, a, table, 9, 0x7fff << 10),
      m.return(m.i32.shr_u(m.select(
        m.i32.ge_s(v.get(), f.i32(0)),
        m.i32.add(r.get(), f.i32(512)),
        m.i32.sub(f.i32((1 << 25) + 511), r.get()),
      ), f.i32(10))),
    ], i32);
  });
}

/** int16 tanh of (x·mult + round) >> shift (`tanh16`, its multiplier already resolved). */
function tanh16(mb: ModuleBuilder): (x: Expr, mult: Expr, round: Expr, shift: Expr, table: Expr) => Expr {
  const { i32 } = mb.t;
  return helper(mb, 'lstm_tanh16', [i32, i32, i32, i32, i32], i32, (f) => {
    const m = f.m;
    const [x, mult, round, shift, table] = f.params(5);
    const [v, a, r] = f.locals(3, i32);
    return m.block(null, [
      v.set(m.i32.shr_s(m.i32.add(m.i32.mul(x.get(), mult.get()), round.get()), shift.get())),
      absInto(f, a, v),
      lookup(f, r, a, table, 8, 0xffff << 8),
      m.return(m.i32.shr_s(m.select(
        m.i32.ge_s(v.get(), f.i32(0)),
        m.i32.add(r.get(), f.i32(-(1 << 23) + 128)),
        m.i32.sub(f.i32((1 << 23) + 127), r.get()),
      ), f.i32(8))),
    ], i32);
  });
}

export const sequenceLstmKernel = defineKernel({
  plan(op: Op<'sequence_lstm'>, p: SequenceLstmPrepared, _g: Graph): KernelPlan<SequenceLstmPrepared> {
    return {
      config: { ...p },
      operands: [0, 1, 2, 3, 4].map((i) => tensorOperand(op, i)).concat([outputOperand(op, 0), outputOperand(op, 1), outputOperand(op, 2), { scratch: true }, { table: tableBytes() }]),
      scratchBytes: scratchBytesOf(p),
    };
  },

  emit(f: FunctionBuilder, p: SequenceLstmPrepared): Expr {
    const m = f.m;
    const S = p.units;
    const I = p.inputSize;
    const [pX, pWin, pWrec, pBin, pBrec, pY, pHidden, pCell, pScratch, pTable] = f.params(10);
    const [b, t, r, k, u, row, xr, hr, cr, ax, ah, ig, fg, gg, og, cv, hv] = f.locals(17, f.t.i32);
    const mul = mbqm(f.module);
    const sig = sigmoid16(f.module);
    const tanh = tanh16(f.module);
    const clamp16 = (v: Expr): Expr => clampAdd(f.module, v, 0, -32768, 32767);
    const requant = (v: Expr, s: QuantizedScale): Expr => mul(v, f.i32(s[0]), f.i32(s[1]));
    const gate = (unit: number): Expr => m.i32.load16_s(0, 2, m.i32.add(pScratch.get(), m.i32.add(m.i32.shl(u.get(), f.i32(1)), f.i32(2 * unit))));
    const [tanhMult, tanhShift] = p.cellTanh[0] === 0 ? [3 * 2 ** p.cellTanh[1], 0] : p.cellTanh;
    const tanhRound = tanhShift > 0 ? 2 ** (tanhShift - 1) : 0;

    // One gate's S pre-activations: both projections requantized, clamped and added with saturation.
    const projectGate = (g: number): Expr => f.forRange(r, 0, S, [
      ax.set(m.i32.load(0, 4, m.i32.add(pBin.get(), m.i32.shl(m.i32.add(r.get(), f.i32(g * S)), f.i32(2))))),
      ah.set(m.i32.load(0, 4, m.i32.add(pBrec.get(), m.i32.shl(m.i32.add(r.get(), f.i32(g * S)), f.i32(2))))),
      f.forRange(k, 0, I, [
        ax.set(m.i32.add(ax.get(), m.i32.mul(
          m.i32.load8_s(0, 1, m.i32.add(pWin.get(), m.i32.add(m.i32.mul(m.i32.add(r.get(), f.i32(g * S)), f.i32(I)), k.get()))),
          m.i32.load8_s(0, 1, m.i32.add(xr.get(), k.get())),
        ))),
      ]),
      f.forRange(k, 0, S, [
        ah.set(m.i32.add(ah.get(), m.i32.mul(
          m.i32.load8_s(0, 1, m.i32.add(pWrec.get(), m.i32.add(m.i32.mul(m.i32.add(r.get(), f.i32(g * S)), f.i32(S)), k.get()))),
          m.i32.load8_s(0, 1, m.i32.add(hr.get(), k.get())),
        ))),
      ]),
      m.i32.store16(0, 2, m.i32.add(pScratch.get(), m.i32.add(m.i32.shl(r.get(), f.i32(1)), f.i32(2 * g * S))),
        clamp16(m.i32.add(clamp16(requant(ax.get(), p.inputScales[g]!)), clamp16(requant(ah.get(), p.recurrentScales[g]!))))),
    ]);

    const cellUpdate = m.i32.add(
      clamp16(requant(m.i32.mul(fg.get(), m.i32.load16_s(0, 2, m.i32.add(cr.get(), m.i32.shl(u.get(), f.i32(1))))), p.forgetCell)),
      clamp16(requant(m.i32.mul(ig.get(), gg.get()), p.inputCell)),
    );
    const clipped = (v: Expr): Expr => (p.cellClip > 0 ? clampAdd(f.module, v, 0, -p.cellClip, p.cellClip) : v);

    return f.block([
      f.forRange(b, 0, p.batch, [
        cr.set(m.i32.add(pCell.get(), m.i32.mul(b.get(), f.i32(2 * S)))),
        hr.set(m.i32.add(pHidden.get(), m.i32.mul(b.get(), f.i32(S)))),
        f.forRange(t, 0, p.time, [
          row.set(p.timeMajor ? m.i32.add(m.i32.mul(t.get(), f.i32(p.batch)), b.get()) : m.i32.add(m.i32.mul(b.get(), f.i32(p.time)), t.get())),
          xr.set(m.i32.add(pX.get(), m.i32.mul(row.get(), f.i32(I)))),
          projectGate(0), projectGate(1), projectGate(2), projectGate(3),
          f.forRange(u, 0, S, [
            ig.set(sig(gate(0), pTable.get())),
            fg.set(sig(gate(S), pTable.get())),
            gg.set(p.cellGate === 'tanh' ? tanh(gate(2 * S), f.i32(3), f.i32(0), f.i32(0), pTable.get()) : sig(gate(2 * S), pTable.get())),
            og.set(sig(gate(3 * S), pTable.get())),
            cv.set(clipped(clamp16(cellUpdate))),
            m.i32.store16(0, 2, m.i32.add(cr.get(), m.i32.shl(u.get(), f.i32(1))), cv.get()),
            hv.set(clampAdd(f.module, requant(m.i32.mul(tanh(cv.get(), f.i32(tanhMult), f.i32(tanhRound), f.i32(tanhShift), pTable.get()), og.get()), p.hidden),
              p.hiddenZeroPoint, -128, 127)),
            m.i32.store8(0, 1, m.i32.add(hr.get(), u.get()), hv.get()),
            m.i32.store8(0, 1, m.i32.add(pY.get(), m.i32.add(m.i32.mul(row.get(), f.i32(S)), u.get())), hv.get()),
          ]),
        ]),
      ]),
    ]);
  },
});
