/**
 * Requantization in the NEON kernels: the shared vector form
 * (simd/vector-requant.ts; SQRDMULH is SRDHM exactly, SRSHL plus the fix-up
 * is RDBP) spelt with NEON intrinsics, scalars broadcast with DUP.
 */
import type { CWriter } from '../../writer.js';
import type { Requantization } from '../common.js';
import { vectorRequantizer, type VectorDialect, type VectorRequantizer } from '../simd/vector-requant.js';

const NEON: VectorDialect = {
  load: (ptr) => `vld1q_s32(${ptr})`,
  shiftByScalar: (v, s) => `vshlq_s32(${v}, vdupq_n_s32(${s}))`,
  mulByScalar: (v, m) => `vqrdmulhq_n_s32(${v}, ${m})`,
  roundShiftByScalar: (v, s) => `vrshlq_s32(${v}, vdupq_n_s32(${s}))`,
  addScalar: (v, k) => `vaddq_s32(${v}, vdupq_n_s32(${k}))`,
  prefix: 'neon',
};

/** Declares the tables (padded to `padTo` channels) and returns the requantizer. */
export function neonRequantizer(w: CWriter, r: Requantization, padTo: number): VectorRequantizer {
  return vectorRequantizer(w, r, padTo, NEON);
}
