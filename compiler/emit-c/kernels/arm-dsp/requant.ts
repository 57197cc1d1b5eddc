/**
 * Requantization in the Arm DSP kernels: the three-instruction SMMLAR form
 * (`ingot_dsp_requant`, proof in simd/requant.ts) when the layer's
 * constants and accumulator bound allow it, else the portable kernels'
 * exact forms. Per-channel constants are read once per channel into locals,
 * so a kernel that writes many pixels of one channel keeps them in
 * registers.
 */
import { cInt } from '../../literals.js';
import type { CWriter } from '../../writer.js';
import { constTable, requantizer, type Requantization } from '../common.js';
import { clampInt8 } from '../simd/common.js';
import { dspRequantConstants } from '../simd/requant.js';

export interface DspRequantizer {
  /** True when the SMMLAR form is used (for tests and reports). */
  fast: boolean;
  /**
   * Declares the constants of output channel `channel` (a C expression) as
   * locals suffixed `suffix`, and returns the expression that turns an
   * accumulator of that channel into its int8 output value.
   */
  channel(w: CWriter, channel: string, suffix: string): (acc: string) => string;
}

/** Chooses the requantization form for a layer with accumulators bounded by `accBound`. */
export function dspRequantizer(w: CWriter, r: Requantization, accBound: number): DspRequantizer {
  const k = dspRequantConstants(r, accBound);
  if (k === undefined) {
    const general = requantizer(w, r, 'int8_t');
    return { fast: false, channel: (_w, channel) => (acc) => general(acc, channel) };
  }
  const clamp = (v: string): string => `(int8_t)${clampInt8(v, r.actMin, r.actMax, true)}`;
  const uniform = k.multipliers.every((m, i) => m === k.multipliers[0] && k.roundOffsets[i] === k.roundOffsets[0] && k.rightShifts[i] === k.rightShifts[0]);
  if (uniform) {
    const [m, ro, n] = [k.multipliers[0]!, k.roundOffsets[0]!, k.rightShifts[0]!];
    return { fast: true, channel: () => (acc) => clamp(`ingot_dsp_requant(${acc}, ${cInt(m)}, ${cInt(ro)}, ${n})`) };
  }
  constTable(w, 'int32_t', 'rq', k.multipliers.flatMap((m, i) => [m, k.roundOffsets[i]!, k.rightShifts[i]!]));
  return {
    fast: true,
    channel(wr, channel, suffix) {
      wr.line(`const int32_t m${suffix} = rq[3 * (${channel})], ro${suffix} = rq[3 * (${channel}) + 1], n${suffix} = rq[3 * (${channel}) + 2];`);
      return (acc) => clamp(`ingot_dsp_requant(${acc}, m${suffix}, ro${suffix}, n${suffix})`);
    },
  };
}
