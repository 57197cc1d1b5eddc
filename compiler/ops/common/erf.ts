/**
 * erf in double precision (JavaScript has no Math.erf), the reference for
 * ONNX Erf; the wasm backend evaluates the same scheme
 * (emit-wasm/runtime/trig-math.ts) and C calls libm's erff.
 *
 * |x| < 2.5: the Maclaurin series 2/√π · Σ (−1)ⁿ x^(2n+1) / (n! (2n+1)),
 * summed until the terms vanish (the largest is about 80 at 2.5, so about
 * 1e-14 relative is lost to cancellation — far below float32's step).
 * 2.5 ≤ |x| < 6: 1 − erfc(x), erfc(x) = e^(−x²) / (√π · K) with Laplace's
 * continued fraction K = x + (1/2) / (x + 1 / (x + (3/2) / (x + …))),
 * evaluated from depth 60 upward. |x| ≥ 6: ±1 (erfc < 2e-17).
 */

/** Terms of the series and depth of the continued fraction. */
export const ERF_SERIES_TERMS = 60;
export const ERF_FRACTION_DEPTH = 60;
export const ERF_SERIES_LIMIT = 2.5;
export const ERF_SATURATION = 6;
export const TWO_OVER_SQRT_PI = 1.1283791670955126;
export const ONE_OVER_SQRT_PI = 0.5641895835477563;

export function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  const a = Math.abs(x);
  const sign = x < 0 ? -1 : 1;
  if (a >= ERF_SATURATION) return sign;
  if (a < ERF_SERIES_LIMIT) {
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let n = 1; n < ERF_SERIES_TERMS; n++) {
      term *= -x2 / n;
      sum += term / (2 * n + 1);
    }
    return TWO_OVER_SQRT_PI * sum;
  }
  let t = a;
  for (let k = ERF_FRACTION_DEPTH; k >= 1; k--) t = a + k / 2 / t;
  return sign * (1 - (Math.exp(-a * a) * ONE_OVER_SQRT_PI) / t);
}
