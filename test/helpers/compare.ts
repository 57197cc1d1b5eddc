/**
 * Output comparison under the project's rules: integer outputs byte for
 * byte; float outputs within 1e-5 relative plus 1e-6 absolute (infinities
 * and NaNs where the expected output has them).
 */
import type { TensorData } from '../../compiler/ir/index.js';

export const FLOAT_RTOL = 1e-5;
export const FLOAT_ATOL = 1e-6;

/** Undefined when equal under the rules, else a description of the first difference. */
export function compareOutput(actual: TensorData, expected: TensorData): string | undefined {
  if (actual.length !== expected.length) return `length ${actual.length} != expected ${expected.length}`;
  const isFloat = expected instanceof Float32Array;
  let bad = 0;
  let first = '';
  for (let i = 0; i < expected.length; i++) {
    const a = Number(actual[i]);
    const e = Number(expected[i]);
    // Equal infinities and NaNs are equal; the tolerance applies to finite values.
    const ok = isFloat ? a === e || (Number.isNaN(a) && Number.isNaN(e)) || Math.abs(a - e) <= FLOAT_ATOL + FLOAT_RTOL * Math.abs(e) : a === e;
    if (!ok) {
      if (bad === 0) first = `[${i}] got ${a}, expected ${e}`;
      bad++;
    }
  }
  return bad === 0 ? undefined : `${bad} of ${expected.length} values differ; first ${first}`;
}
