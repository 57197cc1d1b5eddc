/**
 * Requantization in the Helium kernels: the shared vector form
 * (simd/vector-requant.ts) spelt with MVE's by-scalar intrinsics.
 */
import type { CWriter } from '../../writer.js';
import type { Requantization } from '../common.js';
import { vectorRequantizer, type VectorDialect, type VectorRequantizer } from '../simd/vector-requant.js';

export type MveRequantizer = VectorRequantizer;

const MVE: VectorDialect = {
  load: (ptr) => `vldrwq_s32(${ptr})`,
  shiftByScalar: (v, s) => `vshlq_r_s32(${v}, ${s})`,
  mulByScalar: (v, m) => `vqrdmulhq_n_s32(${v}, ${m})`,
  roundShiftByScalar: (v, s) => `vrshlq_n_s32(${v}, ${s})`,
  addScalar: (v, k) => `vaddq_n_s32(${v}, ${k})`,
  prefix: 'mve',
};

/** Declares the tables (padded to `padTo` channels) and returns the requantizer. */
export function mveRequantizer(w: CWriter, r: Requantization, padTo: number): MveRequantizer {
  return vectorRequantizer(w, r, padTo, MVE);
}
