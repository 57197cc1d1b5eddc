/**
 * SignalPCAN (per-channel amplitude normalisation): each uint32 channel
 * times a gain looked up from its noise estimate, then compressed.
 *
 * gain(n): n ≤ 2 reads the table directly; otherwise the octave o = msb(n)
 * picks three coefficients c0, c1, c2 at 4·o − 6, and the 10 bits t just
 * below the leading one interpolate ((c2·t >> 5) + (c1 << 5))·t, rounded
 * from Q15, plus c0, kept to int16 (then read as uint32, as the C does).
 * snr = (x·gain) >> snr_shift in 64 bits, kept to 32; the output is snr²/4
 * below 2.0 (Q12 in, Q6 out: snr² >> 20) and snr − 1 above (snr >> 6 − 64).
 */
import { elementCount, fail, inputAt, type Graph, type Op, type Tensor, type TensorData } from '../../ir/index.js';
import { describeOp, requireConst } from '../common/checks.js';
import { requireSignalTypes, SIGNAL_HINT } from './checks.js';
import { ioCost } from '../common/cost.js';
import { defineOp } from '../op-def.js';
import { msb32 } from './fixed-math.js';

export interface SignalPcanPrepared {
  count: number;
  snrShift: number;
}

/** Entries the gain table needs: the three coefficients of the top octave (32) end at 4·32 − 6 + 2. */
const TABLE_ENTRIES = 125;

/** The int16 gain for noise estimate n from the table. */
function pcanGain(n: number, table: Int16Array): number {
  const x = n >>> 0;
  if (x <= 2) return table[x]!;
  const octave = msb32(x);
  const base = 4 * octave - 6;
  const t = (octave < 11 ? x << (11 - octave) : x >>> (octave - 11)) & 0x3ff;
  let r = (Math.imul(table[base + 2]!, t) >> 5) + (table[base + 1]! << 5);
  r = ((Math.imul(r, t) + 16384) | 0) >> 15;
  return ((r + table[base]!) << 16) >> 16;
}

/** snr (Q12) → output (Q6). */
function pcanShrink(snr: number): number {
  const x = snr >>> 0;
  return x < 2 << 12 ? Math.floor((x * x) / 2 ** 20) : (x >>> 6) - 64;
}

export const signalPcan = defineOp({
  kind: 'signal_pcan',
  inferShapes: (op: Op<'signal_pcan'>, g: Graph) => [inputAt(g, op, 0).shape.slice()],
  prepare(op: Op<'signal_pcan'>, g: Graph): SignalPcanPrepared {
    requireSignalTypes(op, g, ['i32', 'i32', 'i16'], ['i32']);
    const [x, noise, table] = [0, 1, 2].map((i) => inputAt(g, op, i)) as [Tensor, Tensor, Tensor];
    requireConst(op, table, 'gain table');
    if (elementCount(noise.shape) !== elementCount(x.shape)) {
      fail('shape/mismatch', `${describeOp(op)}: ${elementCount(noise.shape)} noise estimates for ${elementCount(x.shape)} channels`, { tensor: noise.name, hint: SIGNAL_HINT });
    }
    if (elementCount(table.shape) < TABLE_ENTRIES) fail('shape/mismatch', `${describeOp(op)}: the gain table holds ${elementCount(table.shape)} entries; it needs ${TABLE_ENTRIES}`, { tensor: table.name, hint: SIGNAL_HINT });
    if (op.attrs.snrShift < 0 || op.attrs.snrShift > 63) fail('op/bad-attribute', `${describeOp(op)}: snr_shift ${op.attrs.snrShift} is outside 0…63`, { hint: SIGNAL_HINT });
    return { count: elementCount(inputAt(g, op, 0).shape), snrShift: op.attrs.snrShift };
  },
  evalRef(p: SignalPcanPrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    const [x, noise] = inputs as [Int32Array, Int32Array];
    const table = inputs[2] as Int16Array;
    const y = outputs[0] as Int32Array;
    const shift = BigInt(p.snrShift);
    for (let i = 0; i < p.count; i++) {
      const gain = pcanGain(noise[i]!, table) >>> 0;
      const snr = Number(BigInt.asUintN(32, (BigInt(x[i]! >>> 0) * BigInt(gain)) >> shift));
      y[i] = pcanShrink(snr);
    }
  },
  cost: (op: Op<'signal_pcan'>, g: Graph) => ioCost(op, g, 3 * elementCount(inputAt(g, op, 0).shape)),
});
