/**
 * SignalFilterBankSquareRoot: the rounded square root of each uint64
 * filter-bank sum (fixed-math.ts), shifted right by the FFT auto-scale's
 * shift (an int32 scalar input) to undo it, as uint32.
 */
import { elementCount, fail, inputAt, type Graph, type Op, type TensorData } from '../../ir/index.js';
import { describeOp } from '../common/checks.js';
import { requireSignalTypes, SIGNAL_HINT } from './checks.js';
import { ioCost } from '../common/cost.js';
import { defineOp } from '../op-def.js';
import { sqrt64 } from './fixed-math.js';

export interface SignalFilterBankSqrtPrepared {
  count: number;
}

export const signalFilterBankSqrt = defineOp({
  kind: 'signal_filter_bank_sqrt',
  inferShapes: (op: Op<'signal_filter_bank_sqrt'>, g: Graph) => [inputAt(g, op, 0).shape.slice()],
  prepare(op: Op<'signal_filter_bank_sqrt'>, g: Graph): SignalFilterBankSqrtPrepared {
    requireSignalTypes(op, g, ['i64', 'i32'], ['i32']);
    const scale = inputAt(g, op, 1);
    if (elementCount(scale.shape) !== 1) fail('shape/mismatch', `${describeOp(op)}: its scale bits '${scale.name}' hold ${elementCount(scale.shape)} values, not one`, { tensor: scale.name, hint: SIGNAL_HINT });
    return { count: elementCount(inputAt(g, op, 0).shape) };
  },
  evalRef(p: SignalFilterBankSqrtPrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    const x = inputs[0] as BigInt64Array;
    // The shift is the auto-scale's, 0…15; a C shift of a uint32 by 32 or more would be undefined, so it is masked.
    const shift = (inputs[1] as Int32Array)[0]! & 31;
    const y = outputs[0] as Int32Array;
    for (let i = 0; i < p.count; i++) y[i] = sqrt64(x[i]!) >>> shift;
  },
  cost: (op: Op<'signal_filter_bank_sqrt'>, g: Graph) => ioCost(op, g, 0),
});
