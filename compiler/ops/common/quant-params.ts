/**
 * Quantization parameters that several ops derive the same way.
 */
import { fail, type Tensor } from '../../ir/index.js';
import { quantizeMultiplier } from '../../quant/fixed-point.js';

/**
 * Per-output-channel requantization for conv-like ops (TFLite's
 * PopulateConvolutionQuantizationParams): effective scale =
 * input_scale · filter_scale[c] / output_scale, computed in double from the
 * float32 scales; a per-tensor filter scale is broadcast to every channel.
 * TFLite's per-tensor fully-connected path multiplies the two scales in
 * float32 first (GetQuantizedConvolutionMultipler); `productInFloat32`
 * reproduces that.
 */
export function perChannelMultipliers(input: Tensor, filter: Tensor, output: Tensor, channels: number, productInFloat32 = false): { multipliers: number[]; shifts: number[] } {
  const inScale = input.quant?.scale[0];
  const outScale = output.quant?.scale[0];
  const filterScales = filter.quant?.scale;
  if (inScale === undefined || outScale === undefined || filterScales === undefined) {
    return fail('op/unsupported', `quantized tensors '${input.name}', '${filter.name}' and '${output.name}' need scales`, { tensor: filter.name });
  }
  if (filterScales.length !== 1 && filterScales.length !== channels) {
    fail('tflite/bad-quantization', `filter '${filter.name}' has ${filterScales.length} scales for ${channels} output channels`, { tensor: filter.name });
  }
  const multipliers: number[] = [];
  const shifts: number[] = [];
  for (let c = 0; c < channels; c++) {
    const fs = filterScales.length === 1 ? filterScales[0]! : filterScales[c]!;
    const product = productInFloat32 ? Math.fround(inScale * fs) : inScale * fs;
    const q = quantizeMultiplier(product / outScale);
    multipliers.push(q.multiplier);
    shifts.push(q.shift);
  }
  return { multipliers, shifts };
}
