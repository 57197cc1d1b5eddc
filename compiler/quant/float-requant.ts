/**
 * ONNX's integer arithmetic, which differs from TFLite's on purpose.
 *
 * ONNX quantized operators (QuantizeLinear, QLinearConv, QLinearMatMul and
 * the QDQ patterns ONNX Runtime fuses into them) requantize through float32:
 * the int32 accumulator is converted to float32, multiplied by a float32
 * scale (itself computed as float32(float32(s_in · s_w) / s_out)), rounded
 * half to even, offset by the zero point and saturated. TFLite instead uses a
 * 31-bit fixed-point multiplier and rounds half away from zero. Both are
 * implemented; ops pick one by their `rounding` attribute so each model
 * matches the runtime it was made for.
 */
import { clamp } from './fixed-point.js';

/** Round to nearest, ties to even (the FPU's default mode, `nearbyintf`, `np.rint`). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  // Math.round sends every tie up; a tie that landed on an odd number goes down instead.
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** float32(s_in · s_w) / s_out in float32, per output channel (one entry when the weights are per-tensor). */
export function onnxRequantScales(inputScale: number, weightScales: readonly number[], outputScale: number, channels: number): number[] {
  const f = Math.fround;
  const out: number[] = [];
  const count = weightScales.length === 1 ? 1 : channels;
  for (let c = 0; c < count; c++) {
    const ws = weightScales.length === 1 ? weightScales[0]! : weightScales[c]!;
    out.push(f(f(f(inputScale) * f(ws)) / f(outputScale)));
  }
  return out;
}

/** Accumulator → output: float32(acc) · scale in float32, round half to even, plus zero point, saturated to [qmin, qmax]. */
export function requantizeFloat(acc: number, scale: number, zeroPoint: number, qmin: number, qmax: number): number {
  return clamp(roundHalfEven(Math.fround(Math.fround(acc) * scale)) + zeroPoint, qmin, qmax);
}

/** ONNX QuantizeLinear of one value: round half to even of float32(x / scale), plus zero point, saturated. */
export function quantizeLinear(x: number, scale: number, zeroPoint: number, qmin: number, qmax: number): number {
  const q = roundHalfEven(Math.fround(x / scale));
  // NaN has no integer; ONNX Runtime's saturating cast gives the zero point's neighbourhood, we give the zero point.
  return Number.isNaN(q) ? clamp(zeroPoint, qmin, qmax) : clamp(q + zeroPoint, qmin, qmax);
}
