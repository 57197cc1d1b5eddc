/**
 * SignalRfft (int16): each frame of the input's last dimension, zero-padded
 * to fft_length, through TFLite Micro's fixed-point real FFT (kissfft.ts);
 * the output's last dimension holds fft_length / 2 + 1 complex bins,
 * interleaved (re, im).
 */
import { elementCount, fail, inputAt, type Graph, type Op, type TensorData } from '../../ir/index.js';
import { describeOp } from '../common/checks.js';
import { requireSignalTypes, SIGNAL_HINT } from './checks.js';
import { ioCost } from '../common/cost.js';
import { defineOp } from '../op-def.js';
import { rfftFrame, rfftPlan, type RfftPlan } from './kissfft.js';

export interface SignalRfftPrepared {
  frames: number;
  inputLength: number;
  plan: RfftPlan;
}

export const signalRfft = defineOp({
  kind: 'signal_rfft',
  inferShapes(op: Op<'signal_rfft'>, g: Graph): number[][] {
    const x = inputAt(g, op, 0);
    const inputLength = x.shape[x.shape.length - 1] ?? 1;
    if (inputLength < 1 || inputLength > op.attrs.fftLength) {
      fail('op/bad-attribute', `${describeOp(op)}: frames of ${inputLength} samples do not fit fft_length ${op.attrs.fftLength}`, { hint: SIGNAL_HINT });
    }
    return [[...x.shape.slice(0, -1), op.attrs.fftLength + 2]];
  },
  prepare(op: Op<'signal_rfft'>, g: Graph): SignalRfftPrepared {
    const x = inputAt(g, op, 0);
    requireSignalTypes(op, g, ['i16'], ['i16']);
    const inputLength = x.shape[x.shape.length - 1] ?? 1;
    return { frames: elementCount(x.shape) / inputLength, inputLength, plan: rfftPlan(op.attrs.fftLength, describeOp(op)) };
  },
  evalRef(p: SignalRfftPrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    const x = inputs[0] as Int16Array;
    const y = outputs[0] as Int16Array;
    const bins = p.plan.fftLength + 2;
    for (let f = 0; f < p.frames; f++) rfftFrame(p.plan, x.subarray(f * p.inputLength, (f + 1) * p.inputLength), p.inputLength, y, f * bins);
  },
  cost(op: Op<'signal_rfft'>, g: Graph) {
    const n = op.attrs.fftLength;
    return ioCost(op, g, (elementCount(inputAt(g, op, 0).shape) / (inputAt(g, op, 0).shape.at(-1) ?? 1)) * n * Math.log2(n));
  },
});
