/**
 * Vector requantization in the Helium and NEON kernels: VQRDMULH / SQRDMULH
 * (SRDHM exactly),
 * the fix-up and rounding shift that make RDBP (proof in simd/requant.ts),
 * the output offset and the activation clamp, as C over int32x4_t values.
 * Steps every channel skips are left out: the left shift when no shift is
 * positive, the fix-up when no right shift is zero (then it is
 * unconditional) or when every one is. Uniform (per-tensor) constants are
 * literals; per-channel ones come from tables, either a lane per channel
 * (`lanes`: four channels of one pixel) or one channel in every lane
 * (`channel`: four pixels of one channel, constants in scalar registers).
 * The two instruction sets share most intrinsic names; a `VectorDialect`
 * spells the few that differ.
 */
import { cInt } from '../../literals.js';
import type { CWriter } from '../../writer.js';
import { constTable, type Requantization } from '../common.js';

/** How an instruction set spells the operations that differ between Helium and NEON. */
export interface VectorDialect {
  /** Load four int32 from a table (C expression of the address). */
  load(ptr: string): string;
  /** v shifted left by scalar s; v multiplied (SRDHM) by scalar m; v rounding-shifted by scalar s; v plus scalar k. */
  shiftByScalar(v: string, s: string): string;
  mulByScalar(v: string, m: string): string;
  roundShiftByScalar(v: string, s: string): string;
  addScalar(v: string, k: string): string;
  /** The runtime helpers (suffix of `ingot_<prefix>_round_fix` / `_round_fix_masked`). */
  prefix: string;
}

export interface VectorRequantizer {
  /** Requantizes int32x4_t `v` whose lane i is channel `channel + i` (channel a C expression, a multiple of 4). */
  lanes(v: string, channel: string): string;
  /** Declares channel `channel`'s constants as scalars (suffix `suffix`) and returns the requantizer of a vector of that channel. */
  channel(w: CWriter, channel: string, suffix: string): (v: string) => string;
}

/** Declares the tables (padded to `padTo` channels) and returns the requantizer. */
export function vectorRequantizer(w: CWriter, r: Requantization, padTo: number, d: VectorDialect): VectorRequantizer {
  const count = r.multipliers.length;
  const uniform = r.multipliers.every((m, i) => m === r.multipliers[0] && r.shifts[i] === r.shifts[0]);
  const lefts = r.shifts.map((s) => Math.max(0, s));
  const rights = r.shifts.map((s) => Math.max(0, -s));
  const anyLeft = lefts.some((l) => l > 0);
  const fixup: 'all' | 'none' | 'some' = rights.every((n) => n >= 1) ? 'all' : rights.every((n) => n === 0) ? 'none' : 'some';
  w.line(`const int32x4_t rq_lo = vdupq_n_s32(${cInt(r.actMin)}), rq_hi = vdupq_n_s32(${cInt(r.actMax)});`);
  const pad = (values: number[]): number[] => {
    const out = values.slice();
    while (out.length < padTo) out.push(values[values.length - 1]!);
    return out;
  };
  /** The steps, given how each constant is spelt. */
  const steps = (v: string, k: { left: string; m: string; right: string; fix: string; scalar: boolean }): string => {
    let e = v;
    if (anyLeft) e = k.scalar ? d.shiftByScalar(e, k.left) : `vshlq_s32(${e}, ${k.left})`;
    e = k.scalar ? d.mulByScalar(e, k.m) : `vqrdmulhq_s32(${e}, ${k.m})`;
    if (fixup === 'all') e = `ingot_${d.prefix}_round_fix(${e})`;
    else if (fixup === 'some') e = `ingot_${d.prefix}_round_fix_masked(${e}, ${k.scalar ? `vdupq_n_s32(${k.fix})` : k.fix})`;
    e = k.scalar ? d.roundShiftByScalar(e, k.right) : `vrshlq_s32(${e}, ${k.right})`;
    if (r.outputOffset !== 0) e = d.addScalar(e, cInt(r.outputOffset));
    return `vminq_s32(vmaxq_s32(${e}, rq_lo), rq_hi)`;
  };
  if (uniform || count === 1) {
    const s = { left: String(lefts[0]), m: cInt(r.multipliers[0]!), right: cInt(-rights[0]!), fix: rights[0]! >= 1 ? '-1' : '0', scalar: true };
    return { lanes: (v) => steps(v, s), channel: () => (v) => steps(v, s) };
  }
  constTable(w, 'int32_t', 'rq_m', pad(r.multipliers));
  constTable(w, 'int32_t', 'rq_right', pad(rights.map((n) => -n)));
  if (anyLeft) constTable(w, 'int32_t', 'rq_left', pad(lefts));
  if (fixup === 'some') constTable(w, 'int32_t', 'rq_fix', pad(rights.map((n) => (n >= 1 ? -1 : 0))));
  return {
    lanes: (v, c) =>
      steps(v, { left: d.load(`rq_left + ${c}`), m: d.load(`rq_m + ${c}`), right: d.load(`rq_right + ${c}`), fix: d.load(`rq_fix + ${c}`), scalar: false }),
    channel(wr, c, suffix) {
      const decl = [`m${suffix} = rq_m[${c}]`, `right${suffix} = rq_right[${c}]`];
      if (anyLeft) decl.push(`left${suffix} = rq_left[${c}]`);
      if (fixup === 'some') decl.push(`fix${suffix} = rq_fix[${c}]`);
      wr.line(`const int32_t ${decl.join(', ')};`);
      return (v) => steps(v, { left: `left${suffix}`, m: `m${suffix}`, right: `right${suffix}`, fix: `fix${suffix}`, scalar: true });
    },
  };
}
