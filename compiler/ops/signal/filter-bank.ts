/**
 * SignalFilterBank: triangular mel-style filters over a uint32 energy
 * spectrum, summed in uint64 (stored as int64 bits). Inputs: energy,
 * weights and unweights (int16, one per tap), and per channel (num_channels
 * + 1 of each, int16) the first energy bin, the first weight and the width.
 *
 * Channel c's taps add weight·energy to c's sum and unweight·energy to the
 * next channel's, so neighbouring triangles share their slopes; channel 0
 * only seeds channel 1 and is dropped, leaving num_channels outputs. Each
 * int16 weight is sign-extended to 64 bits and the products and sums wrap
 * modulo 2^64, as TFLite Micro's uint64 arithmetic does.
 */
import { elementCount, fail, inputAt, type Graph, type Op, type TensorData } from '../../ir/index.js';
import { describeOp, requireConst } from '../common/checks.js';
import { requireSignalTypes, SIGNAL_HINT } from './checks.js';
import { ioCost } from '../common/cost.js';
import { defineOp } from '../op-def.js';

export interface SignalFilterBankPrepared {
  numChannels: number;
}

export const signalFilterBank = defineOp({
  kind: 'signal_filter_bank',
  inferShapes: (op: Op<'signal_filter_bank'>) => [[op.attrs.numChannels]],
  prepare(op: Op<'signal_filter_bank'>, g: Graph): SignalFilterBankPrepared {
    const energy = inputAt(g, op, 0);
    requireSignalTypes(op, g, ['i32', 'i16', 'i16', 'i16', 'i16', 'i16'], ['i64']);
    const n = op.attrs.numChannels;
    const tables = [1, 2, 3, 4, 5].map((i) => inputAt(g, op, i));
    tables.forEach((t, i) => requireConst(op, t, `table ${i + 1}`));
    const [weights, unweights, freqStarts, weightStarts, widths] = tables.map((t) => t.data as Int16Array) as [Int16Array, Int16Array, Int16Array, Int16Array, Int16Array];
    if (weights.length !== unweights.length || [freqStarts, weightStarts, widths].some((t) => t.length < n + 1)) {
      fail('shape/mismatch', `${describeOp(op)}: the channel tables need ${n + 1} entries and the weight tables one length`, { hint: SIGNAL_HINT });
    }
    // Every tap must read inside the tables: TFLite Micro does not check, and a bundle must not read past them.
    const bins = elementCount(energy.shape);
    for (let c = 0; c <= n; c++) {
      if (widths[c]! < 0 || freqStarts[c]! < 0 || weightStarts[c]! < 0 || freqStarts[c]! + widths[c]! > bins || weightStarts[c]! + widths[c]! > weights.length) {
        fail('op/bad-attribute', `${describeOp(op)}: channel ${c}'s taps reach past the ${bins} energy bins or the ${weights.length} weights`, { hint: SIGNAL_HINT });
      }
    }
    return { numChannels: n };
  },
  evalRef(p: SignalFilterBankPrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    const energy = inputs[0] as Int32Array;
    const [weights, unweights, freqStarts, weightStarts, widths] = inputs.slice(1, 6) as Int16Array[];
    const y = outputs[0] as BigInt64Array;
    let sum = 0n;
    let next = 0n;
    for (let c = 0; c <= p.numChannels; c++) {
      for (let k = 0; k < widths![c]!; k++) {
        const e = BigInt(energy[freqStarts![c]! + k]! >>> 0);
        sum = BigInt.asUintN(64, sum + BigInt(weights![weightStarts![c]! + k]!) * e);
        next = BigInt.asUintN(64, next + BigInt(unweights![weightStarts![c]! + k]!) * e);
      }
      if (c > 0) y[c - 1] = BigInt.asIntN(64, sum);
      sum = next;
      next = 0n;
    }
  },
  cost: (op: Op<'signal_filter_bank'>, g: Graph) => ioCost(op, g, 2 * elementCount(inputAt(g, op, 1).shape)),
});
