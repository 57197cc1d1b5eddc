/**
 * SignalFilterBankSpectralSubtraction: per channel, a running noise
 * estimate (the op's state, kept between invokes and reset to 0) is
 * smoothed towards the signal, and the signal minus the estimate (at least
 * a floor of min_signal_remaining of the signal) comes out. All uint32,
 * stored as int32 bits.
 *
 * For channel i with x = input[i]: up = x << smoothing_bits (wrapping);
 * noise = (up·s + noise·(1 − s)) >> spectral_subtraction_bits in 64 bits,
 * kept to 32, with even channels' (s, 1 − s) = (smoothing,
 * one_minus_smoothing) and odd channels' the alternates; the estimate used
 * is min(noise, up) (and with clamping the stored noise is clamped too);
 * output = max((up − estimate) >> smoothing_bits,
 * (x·min_signal_remaining) >> spectral_subtraction_bits).
 *
 * Outputs: the subtracted signal and the noise estimate — the state itself,
 * a persistent tensor this op reads and rewrites in place, which PCAN reads
 * next (still scaled up by smoothing_bits).
 */
import { elementCount, fail, inputAt, outputAt, type Graph, type Op, type SignalSpectralSubtractionAttrs, type TensorData } from '../../ir/index.js';
import { describeOp } from '../common/checks.js';
import { requireSignalTypes, SIGNAL_HINT } from './checks.js';
import { ioCost } from '../common/cost.js';
import { defineOp } from '../op-def.js';

export type SignalSpectralSubtractionPrepared = SignalSpectralSubtractionAttrs;

export const signalSpectralSubtraction = defineOp({
  kind: 'signal_spectral_subtraction',
  inferShapes(op: Op<'signal_spectral_subtraction'>, g: Graph): number[][] {
    const x = inputAt(g, op, 0);
    if (elementCount(x.shape) !== op.attrs.numChannels) {
      fail('shape/mismatch', `${describeOp(op)}: ${elementCount(x.shape)} inputs for ${op.attrs.numChannels} channels`, { tensor: x.name });
    }
    return [x.shape.slice(), x.shape.slice()];
  },
  prepare(op: Op<'signal_spectral_subtraction'>, g: Graph): SignalSpectralSubtractionPrepared {
    requireSignalTypes(op, g, ['i32'], ['i32', 'i32']);
    const state = outputAt(g, op, 1);
    if (!state.persistent) fail('graph/invalid', `${describeOp(op)}: its noise estimate '${state.name}' must be a state tensor`);
    const a = op.attrs;
    // smoothing_bits shifts a uint32, spectral_subtraction_bits a uint64.
    if (a.smoothingBits < 0 || a.smoothingBits > 31 || a.spectralSubtractionBits < 0 || a.spectralSubtractionBits > 63) {
      fail('op/bad-attribute', `${describeOp(op)}: smoothing_bits ${a.smoothingBits} must be within 0…31 and spectral_subtraction_bits ${a.spectralSubtractionBits} within 0…63`, { hint: SIGNAL_HINT });
    }
    return { ...a };
  },
  evalRef(p: SignalSpectralSubtractionPrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    const x = inputs[0] as Int32Array;
    const [y, noise] = outputs as [Int32Array, Int32Array];
    const ssb = BigInt(p.spectralSubtractionBits);
    for (let i = 0; i < p.numChannels; i++) {
      const [s, rest] = i % 2 === 1 ? [p.alternateSmoothing, p.alternateOneMinusSmoothing] : [p.smoothing, p.oneMinusSmoothing];
      const xi = x[i]! >>> 0;
      const up = (xi << p.smoothingBits) >>> 0;
      const mixed = BigInt.asUintN(64, BigInt(up) * BigInt(s >>> 0) + BigInt(noise[i]! >>> 0) * BigInt(rest >>> 0));
      let estimate = Number(BigInt.asUintN(32, mixed >> ssb));
      noise[i] = estimate;
      if (estimate > up) {
        estimate = up;
        if (p.clamping) noise[i] = up;
      }
      const floor = Number(BigInt.asUintN(32, (BigInt(xi) * BigInt(p.minSignalRemaining >>> 0)) >> ssb));
      const subtracted = (up - estimate) >>> p.smoothingBits;
      y[i] = subtracted > floor ? subtracted : floor;
    }
  },
  cost: (op: Op<'signal_spectral_subtraction'>, g: Graph) => ioCost(op, g, 3 * op.attrs.numChannels),
});
