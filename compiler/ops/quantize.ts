/**
 * QUANTIZE: float32 → int8/int16 (round half away from zero of x / scale in
 * float32, plus zero point, saturated), or integer → integer requantization
 * (TFLite's Requantize: subtract the input zero point, multiply by
 * s_in/s_out in fixed point, add the output zero point, saturate).
 */
import { elementCount, inputAt, intRange, outputAt, type Graph, type Op, type TensorData } from '../ir/index.js';
import { clamp, multiplyByQuantizedMultiplier, quantizeMultiplier, roundHalfAway } from '../quant/fixed-point.js';
import { requireDtype, requireQuantized } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { defineOp } from './op-def.js';

export interface QuantizePrepared {
  mode: 'from-float' | 'requantize';
  count: number;
  scale: number;
  inputZeroPoint: number;
  outputZeroPoint: number;
  multiplier: number;
  shift: number;
  qmin: number;
  qmax: number;
}

export const quantize = defineOp({
  kind: 'quantize',
  inferShapes: (op: Op<'quantize'>, g: Graph) => [inputAt(g, op, 0).shape.slice()],
  prepare(op: Op<'quantize'>, g: Graph): QuantizePrepared {
    const input = inputAt(g, op, 0);
    const output = outputAt(g, op);
    requireDtype(op, input, ['f32', 'i8', 'i16', 'i32'], 'input');
    requireDtype(op, output, ['i8', 'i16', 'i32'], 'output');
    requireQuantized(op, output, 'output');
    const { min, max } = intRange(output.dtype);
    const outScale = output.quant?.scale[0] ?? 1;
    const base = { count: elementCount(input.shape), scale: outScale, outputZeroPoint: output.quant?.zeroPoint[0] ?? 0, qmin: min, qmax: max };
    if (input.dtype === 'f32') return { ...base, mode: 'from-float', inputZeroPoint: 0, multiplier: 0, shift: 0 };
    requireQuantized(op, input, 'input');
    const q = quantizeMultiplier((input.quant?.scale[0] ?? 1) / outScale);
    return { ...base, mode: 'requantize', inputZeroPoint: input.quant?.zeroPoint[0] ?? 0, multiplier: q.multiplier, shift: q.shift };
  },
  evalRef(p: QuantizePrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    const input = inputs[0] as Float32Array | Int8Array | Int16Array | Int32Array;
    const out = outputs[0]!;
    const scale = Math.fround(p.scale);
    for (let i = 0; i < p.count; i++) {
      if (p.mode === 'from-float') {
        const q = clamp(roundHalfAway(Math.fround(input[i]! / scale)), -2147483648, 2147483647);
        out[i] = clamp(q + p.outputZeroPoint, p.qmin, p.qmax);
      } else {
        const v = multiplyByQuantizedMultiplier((input[i]! - p.inputZeroPoint) | 0, p.multiplier, p.shift) + p.outputZeroPoint;
        out[i] = clamp(v, p.qmin, p.qmax);
      }
    }
  },
  cost: (op: Op<'quantize'>, g: Graph) => ioCost(op, g, elementCount(inputAt(g, op, 0).shape)),
});
