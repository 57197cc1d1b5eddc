/**
 * int8 ADD and SUB with TFLite's arithmetic, sixteen elements a step
 * (SIMD128), for inputs of the output's shape. Per element the reference
 * computes
 *   x = MBQM((a + offset1)·2^20, m1, s1),  y = MBQM((b + offset2)·2^20, m2, s2),
 *   out = clamp(MBQM(x ± y, mo, so) + zero point, actMin, actMax)
 * (MBQM: TFLite's MultiplyByQuantizedMultiplierSmallerThanOneExp, every
 * shift ≤ 0). Each of the three is one four-lane requantization of
 * simd-requant.ts with a record of its own: the input offset·2^20 is the
 * record's bias, so the input only needs widening and a shift, and the
 * bounds every stage's form is chosen under come from the int8 range —
 * (a + offset)·2^20 for the inputs, the largest |x| and |y| for the sum.
 * The last step narrows sixteen results with the clamp (`toBytes`).
 * Elements past the last whole sixteen take the scalar code.
 *
 * Sixteen inputs are read before sixteen outputs are written, so the
 * output may take over an input's memory, as it may for the scalar kernel.
 */
import { elementCount } from '../../ir/index.js';
import type { BinaryPrepared } from '../../ops/binary.js';
import { sameShape } from '../../ops/common/shapes.js';
import { multiplyByQuantizedMultiplier } from '../../quant/fixed-point.js';
import type { Expr, FunctionBuilder, Local } from '../binaryen.js';
import { heldFields, simdRequant, toBytes } from './simd-requant.js';
import { buildRecords, RECORD_BYTES, requantConfig, type SimdRequantConfig } from './simd-requant-records.js';

export interface AddSubSimdConfig {
  /** The requantization of input 1, input 2 and the sum, each with its record (in this order in the table). */
  stages: [SimdRequantConfig, SimdRequantConfig, SimdRequantConfig];
}

const UNBOUNDED = { outputOffset: 0, actMin: -2147483648, actMax: 2147483647 };

/** One stage: four equal lanes requantized by (multiplier, shift) once `bias` is added, |lane + bias| ≤ bound for every input; its config and record. */
function stage(bias: number, multiplier: number, shift: number, bound: number, output: { outputOffset: number; actMin: number; actMax: number }):
  { rq: SimdRequantConfig; record: Uint8Array } | undefined {
  const four = (v: number): number[] => [v, v, v, v];
  const built = buildRecords(four(bias), four(multiplier), four(shift), 4, { bounds: four(bound), outputOffset: output.outputOffset });
  return built && { rq: requantConfig(built, output), record: built.records };
}

/** The SIMD plan of an int8 ADD or SUB (config and record table), or undefined when the scalar kernel keeps it. */
export function planAddSubSimd(p: BinaryPrepared): { config: AddSubSimdConfig; records: Uint8Array } | undefined {
  if (p.mode !== 'fixed' || (p.kind !== 'add' && p.kind !== 'sub') || p.dtype !== 'i8') return undefined;
  if (!sameShape(p.shape1, p.outShape) || !sameShape(p.shape2, p.outShape) || elementCount(p.outShape) < 16) return undefined;
  if ([p.input1Shift, p.input2Shift, p.outputShift].some((s) => s > 0)) return undefined;
  const scale = 2 ** p.leftShift;
  const input = (offset: number, multiplier: number, shift: number) => {
    const s = stage(offset * scale, multiplier, shift, Math.max(Math.abs(-128 + offset), Math.abs(127 + offset)) * scale, UNBOUNDED);
    // MBQM is monotone, so the ends of the int8 range give the largest result.
    const reach = Math.max(...[-128, 127].map((q) => Math.abs(multiplyByQuantizedMultiplier((q + offset) * scale, multiplier, shift))));
    return s && { ...s, reach };
  };
  const x = input(p.input1Offset, p.input1Multiplier, p.input1Shift);
  const y = input(p.input2Offset, p.input2Multiplier, p.input2Shift);
  if (!x || !y) return undefined;
  const sum = stage(0, p.outputMultiplier, p.outputShift, x.reach + y.reach, { outputOffset: p.outputOffset, actMin: p.actMin, actMax: p.actMax });
  if (!sum) return undefined;
  const records = new Uint8Array(3 * RECORD_BYTES);
  [x.record, y.record, sum.record].forEach((r, k) => records.set(r, k * RECORD_BYTES));
  return { config: { stages: [x.rq, y.rq, sum.rq] }, records };
}

/**
 * The kernel body; parameters: input 1, input 2, output, records. `tail`
 * emits the scalar code for element `i` (the elements past the last whole
 * sixteen).
 */
export function emitAddSubSimd(f: FunctionBuilder, p: BinaryPrepared, c: AddSubSimdConfig, tail: (a: Local, b: Local, out: Local, i: Local) => Expr): Expr {
  const m = f.m;
  const [pA, pB, pOut, pRec] = f.params(4);
  const i = f.local(f.t.i32);
  const [va, vb] = f.locals(2, f.t.v128) as [Local, Local];
  const prelude: Expr[] = [];
  const fields = c.stages.map((_, k) => heldFields(f, pRec, k * RECORD_BYTES, prelude));
  // Quarter q of sixteen int8 values as int32 lanes, shifted into the first stage's range.
  const quarter = (v: Local, q: number): Expr => {
    const half = q < 2 ? m.i16x8.extend_low_i8x16_s(v.get()) : m.i16x8.extend_high_i8x16_s(v.get());
    return m.i32x4.shl(q % 2 === 0 ? m.i32x4.extend_low_i16x8_s(half) : m.i32x4.extend_high_i16x8_s(half), f.i32(p.leftShift));
  };
  const lanes = [0, 1, 2, 3].map((q) => {
    const x = simdRequant(f, c.stages[0], quarter(va, q), fields[0]!);
    const y = simdRequant(f, c.stages[1], quarter(vb, q), fields[1]!);
    return simdRequant(f, c.stages[2], p.kind === 'add' ? m.i32x4.add(x, y) : m.i32x4.sub(x, y), fields[2]!, true);
  });
  const n = elementCount(p.outShape);
  const whole = n - (n % 16);
  return f.block([
    ...prelude,
    f.forRange(i, 0, whole, [
      va.set(m.v128.load(0, 1, m.i32.add(pA.get(), i.get()))),
      vb.set(m.v128.load(0, 1, m.i32.add(pB.get(), i.get()))),
      m.v128.store(0, 1, m.i32.add(pOut.get(), i.get()), toBytes(f, c.stages[2], ...lanes)),
    ], 16),
    ...(whole < n ? [f.forRange(i, whole, n, [tail(pA, pB, pOut, i)])] : []),
  ]);
}
