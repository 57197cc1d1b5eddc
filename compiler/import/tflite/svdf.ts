/**
 * TFLite SVDF (integer) → one `svdf` op with what TFLite Micro's Prepare
 * derives: the feature scale input·weights_feature/state and the output
 * scale state·weights_time/output, each computed in float32 (as TFLite
 * Micro does) before QuantizeMultiplier; the zero points of the input, the
 * state and the output. The state (input 4, a variable tensor) becomes the
 * op's second output, updated in place. A float SVDF is not supported.
 */
import { fail, type AnyOp, type Tensor } from '../../ir/index.js';
import type { OpContext } from './builtin-ops.js';
import { perTensorQuant, quantizedScale } from './stateful-quant.js';

export function svdfOp(c: OpContext, source: string): AnyOp {
  const where = `operator ${c.index} (SVDF)`;
  const tensorAt = (i: number): Tensor => {
    const idx = c.inputs[i];
    if (idx === undefined || idx < 0) return fail('op/unsupported', `${where}: input ${i} is missing (TFLite Micro's integer SVDF needs a bias)`, { opIndex: c.index });
    return c.tensor(idx);
  };
  const [x, feature, time, bias, state] = [0, 1, 2, 3, 4].map(tensorAt) as [Tensor, Tensor, Tensor, Tensor, Tensor];
  if (x.dtype !== 'i8') fail('op/unsupported', `${where}: a ${x.dtype} SVDF is not supported (int8 is)`, { opIndex: c.index, hint: 'quantize the model to int8' });
  if (!state.persistent) fail('op/unsupported', `${where}: the state (input 4) must be a variable tensor`, { opIndex: c.index });
  const one = (t: Tensor, role: string): { scale: number; zeroPoint: number } => perTensorQuant(c, where, t, role);
  const [qx, qf, qt, qs, qy] = [one(x, 'input'), one(feature, 'weights_feature'), one(time, 'weights_time'), one(state, 'state'), one(c.tensor(c.outputs[0]!), 'output')];
  const rank = c.options?.i32(0, 1, 'rank') ?? 1;
  return {
    kind: 'svdf', name: c.name, source, inputs: [0, 1, 2, 3].map((i) => c.inputs[i]!), outputs: [c.outputs[0]!, c.inputs[4]!],
    attrs: {
      rank,
      featureScale: quantizedScale(Math.fround(Math.fround(qx.scale * qf.scale) / qs.scale)),
      outputScale: quantizedScale(Math.fround(Math.fround(qs.scale * qt.scale) / qy.scale)),
      inputZeroPoint: qx.zeroPoint,
      stateZeroPoint: qs.zeroPoint,
      outputZeroPoint: qy.zeroPoint,
    },
  };
}
