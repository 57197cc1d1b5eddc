/**
 * What the importers of TFLite Micro's integer recurrent ops (LSTM, SVDF)
 * share: a tensor's single scale and zero point, and a real multiplier as
 * the [multiplier, shift] their kernels bake in.
 */
import { fail, type QuantizedScale, type Tensor } from '../../ir/index.js';
import { quantizeMultiplier } from '../../quant/fixed-point.js';
import type { OpContext } from './builtin-ops.js';

/** TFLite QuantizeMultiplier as the ops' attributes hold it. */
export function quantizedScale(real: number): QuantizedScale {
  const q = quantizeMultiplier(real);
  return [q.multiplier, q.shift];
}

/** The per-tensor scale and zero point of `t`; a per-channel or missing one is refused, naming the op and the role. */
export function perTensorQuant(c: OpContext, where: string, t: Tensor, role: string): { scale: number; zeroPoint: number } {
  const q = t.quant;
  if (!q || q.scale.length !== 1) fail('op/unsupported', `${where}: the ${role} '${t.name}' must have one scale (per-tensor quantization)`, { opIndex: c.index, tensor: t.name });
  return { scale: q.scale[0]!, zeroPoint: q.zeroPoint[0] ?? 0 };
}
