/**
 * Clamp ranges for fused activations, as TFLite computes them: for quantized
 * outputs the real bounds 0, 6, ±1 are quantized with the output's scale in
 * float32 and rounded half away from zero.
 */
import { fail, intRange, type FusedActivation, type Tensor } from '../../ir/index.js';
import { roundHalfAway } from '../../quant/fixed-point.js';

export interface ClampRange {
  min: number;
  max: number;
}

export function quantizedActivationRange(activation: FusedActivation, output: Tensor): ClampRange {
  const { min: qmin, max: qmax } = intRange(output.dtype);
  const scale = output.quant?.scale[0] ?? 1;
  const zp = output.quant?.zeroPoint[0] ?? 0;
  const quantize = (f: number): number => zp + roundHalfAway(Math.fround(f / scale));
  switch (activation) {
    case 'none': return { min: qmin, max: qmax };
    case 'relu': return { min: Math.max(qmin, quantize(0)), max: qmax };
    case 'relu6': return { min: Math.max(qmin, quantize(0)), max: Math.min(qmax, quantize(6)) };
    case 'relu_n1_to_1': return { min: Math.max(qmin, quantize(-1)), max: Math.min(qmax, quantize(1)) };
    case 'tanh':
      return fail('op/unsupported', `a fused tanh activation on quantized tensor '${output.name}' is not supported`, { tensor: output.name });
  }
}

export function floatActivationRange(activation: FusedActivation): ClampRange {
  switch (activation) {
    case 'none': return { min: -Infinity, max: Infinity };
    case 'relu': return { min: 0, max: Infinity };
    case 'relu6': return { min: 0, max: 6 };
    case 'relu_n1_to_1': return { min: -1, max: 1 };
    case 'tanh': return fail('op/unsupported', 'a fused tanh activation on a float op is not supported');
  }
}

export function clampFloat(x: number, r: ClampRange): number {
  return x < r.min ? r.min : x > r.max ? r.max : x;
}
