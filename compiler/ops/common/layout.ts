/**
 * Layout permutations between ONNX's channels-first tensors and the NHWC
 * kinds, and a transpose of constant data (for weights and for the
 * reference evaluation of the `*_nchw` kinds).
 */
import { allocData, type DType, type TensorData } from '../../ir/index.js';
import { stridesOf } from './shapes.js';
import { gatherStrided } from '../transpose.js';

/** NCHW → NHWC (also OIHW → OHWI for filters). */
export const NCHW_TO_NHWC: readonly number[] = [0, 2, 3, 1];
/** NHWC → NCHW. */
export const NHWC_TO_NCHW: readonly number[] = [0, 3, 1, 2];

export function permuteShape(shape: readonly number[], perm: readonly number[]): number[] {
  return perm.map((p) => shape[p]!);
}

/** The inverse permutation: inverse[perm[i]] = i. */
export function invertPerm(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => { inv[p] = i; });
  return inv;
}

/** out = transpose(data, perm), as a new array of the same element type. */
export function permuteData(data: TensorData, dtype: DType, shape: readonly number[], perm: readonly number[]): TensorData {
  const strides = stridesOf(shape);
  const outShape = permuteShape(shape, perm);
  const out = allocData(dtype, data.length);
  if (data.length > 0) gatherStrided(data, out, outShape, perm.map((p) => strides[p]!), 0);
  return out;
}
