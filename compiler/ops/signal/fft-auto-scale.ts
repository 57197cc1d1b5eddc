/**
 * SignalFftAutoScale: the int16 frame shifted left as far as its largest
 * magnitude allows, so the fixed-point FFT keeps the most bits. Outputs the
 * scaled frame and the shift (an int32 scalar, which the filter bank's
 * square root takes back out).
 *
 * The largest magnitude is TFLite Micro's running int16 maximum (−32768
 * stays −32768, read as a uint32 whose top bit is set: shift 0); the shift
 * is 15 − msb(max), at least 0, and 0 for an all-zero frame too (the
 * builtin leading-zero count gives msb 32 for zero). The products wrap to
 * int16.
 */
import { elementCount, inputAt, type Graph, type Op, type TensorData } from '../../ir/index.js';
import { requireSignalTypes } from './checks.js';
import { ioCost } from '../common/cost.js';
import { defineOp } from '../op-def.js';
import { msb32 } from './fixed-math.js';

export interface SignalFftAutoScalePrepared {
  count: number;
}

/** The shift for a frame whose running maximum magnitude is `max` (an int16). */
const autoScaleShift = (max: number): number => Math.max(0, 15 - msb32(max));

export const signalFftAutoScale = defineOp({
  kind: 'signal_fft_auto_scale',
  inferShapes: (op: Op<'signal_fft_auto_scale'>, g: Graph) => [inputAt(g, op, 0).shape.slice(), []],
  prepare(op: Op<'signal_fft_auto_scale'>, g: Graph): SignalFftAutoScalePrepared {
    requireSignalTypes(op, g, ['i16'], ['i16', 'i32']);
    return { count: elementCount(inputAt(g, op, 0).shape) };
  },
  evalRef(p: SignalFftAutoScalePrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    const x = inputs[0] as Int16Array;
    const [y, shiftOut] = outputs as [Int16Array, Int32Array];
    let max = 0;
    for (let i = 0; i < p.count; i++) {
      const v = x[i]!;
      if (v > max) max = v;
      else if (-v > max) max = (-v << 16) >> 16;
    }
    const shift = autoScaleShift(max);
    for (let i = 0; i < p.count; i++) y[i] = x[i]! << shift;
    shiftOut[0] = shift;
  },
  cost: (op: Op<'signal_fft_auto_scale'>, g: Graph) => ioCost(op, g, 0),
});
