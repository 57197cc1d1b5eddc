/**
 * SignalFilterBankLog: ln of each uint32 channel (shifted left by
 * input_correction_bits, wrapping) times output_scale (fixed-math.ts's
 * log32), capped at 32767; inputs of 0 or 1 after the shift give 0. int16
 * out.
 */
import { elementCount, fail, inputAt, type Graph, type Op, type TensorData } from '../../ir/index.js';
import { describeOp } from '../common/checks.js';
import { requireSignalTypes, SIGNAL_HINT } from './checks.js';
import { ioCost } from '../common/cost.js';
import { defineOp } from '../op-def.js';
import { log32 } from './fixed-math.js';

export interface SignalFilterBankLogPrepared {
  count: number;
  inputCorrectionBits: number;
  outputScale: number;
}

export const signalFilterBankLog = defineOp({
  kind: 'signal_filter_bank_log',
  inferShapes: (op: Op<'signal_filter_bank_log'>, g: Graph) => [inputAt(g, op, 0).shape.slice()],
  prepare(op: Op<'signal_filter_bank_log'>, g: Graph): SignalFilterBankLogPrepared {
    requireSignalTypes(op, g, ['i32'], ['i16']);
    const { inputCorrectionBits, outputScale } = op.attrs;
    if (inputCorrectionBits < 0 || inputCorrectionBits > 31) fail('op/bad-attribute', `${describeOp(op)}: input_correction_bits ${inputCorrectionBits} is outside 0…31`, { hint: SIGNAL_HINT });
    return { count: elementCount(inputAt(g, op, 0).shape), inputCorrectionBits, outputScale: outputScale >>> 0 };
  },
  evalRef(p: SignalFilterBankLogPrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    const x = inputs[0] as Int32Array;
    const y = outputs[0] as Int16Array;
    for (let i = 0; i < p.count; i++) {
      const scaled = (x[i]! << p.inputCorrectionBits) >>> 0;
      y[i] = scaled > 1 ? Math.min(32767, log32(scaled, p.outputScale)) : 0;
    }
  },
  cost: (op: Op<'signal_filter_bank_log'>, g: Graph) => ioCost(op, g, elementCount(inputAt(g, op, 0).shape)),
});
