/**
 * SignalEnergy: re² + im² of each interleaved int16 complex bin in
 * [start_index, end_index), as a uint32 (stored as its int32 bits). TFLite
 * Micro leaves the other bins unwritten; here they are 0. Bin i's four
 * output bytes are its own two int16 inputs, so the output may take over
 * the spectrum's memory (each bin is read before it is written).
 */
import { elementCount, fail, inputAt, type Graph, type Op, type TensorData } from '../../ir/index.js';
import { describeOp } from '../common/checks.js';
import { requireSignalTypes, SIGNAL_HINT } from './checks.js';
import { ioCost } from '../common/cost.js';
import { defineOp } from '../op-def.js';

export interface SignalEnergyPrepared {
  bins: number;
  startIndex: number;
  endIndex: number;
}

export const signalEnergy = defineOp({
  kind: 'signal_energy',
  inferShapes(op: Op<'signal_energy'>, g: Graph): number[][] {
    const x = inputAt(g, op, 0);
    const bins = elementCount(x.shape) / 2;
    const { startIndex, endIndex } = op.attrs;
    if (!Number.isInteger(bins) || startIndex < 0 || endIndex > bins || startIndex > endIndex) {
      fail('op/bad-attribute', `${describeOp(op)}: bins [${startIndex}, ${endIndex}) do not fit ${elementCount(x.shape)} interleaved values`, { hint: SIGNAL_HINT });
    }
    return [[bins]];
  },
  prepare(op: Op<'signal_energy'>, g: Graph): SignalEnergyPrepared {
    requireSignalTypes(op, g, ['i16'], ['i32']);
    return { bins: elementCount(inputAt(g, op, 0).shape) / 2, startIndex: op.attrs.startIndex, endIndex: op.attrs.endIndex };
  },
  evalRef(p: SignalEnergyPrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    const x = inputs[0] as Int16Array;
    const y = outputs[0] as Int32Array;
    for (let i = 0; i < p.bins; i++) y[i] = i >= p.startIndex && i < p.endIndex ? (x[2 * i]! * x[2 * i]! + x[2 * i + 1]! * x[2 * i + 1]!) | 0 : 0;
  },
  inPlaceInputs: () => [0],
  cost: (op: Op<'signal_energy'>, g: Graph) => ioCost(op, g, op.attrs.endIndex - op.attrs.startIndex),
});
