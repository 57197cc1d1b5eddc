/**
 * SVDF: TFLite Micro's integer SVDF (a rank-reduced filter over the last
 * M inputs, kept in the op's state), as its reference kernel computes it:
 *
 * 1. the state [B, F·M] moves one element to the left (each filter row's
 *    oldest entry drops out; its newest slot is rewritten next);
 * 2. each filter's feature dot product Σ wf·(x − zp_in), requantized to the
 *    state's units and clamped to the state type, goes into its newest slot
 *    plus the state zero point — stored wrapping, as TFLite Micro stores it
 *    (a value pushed past the int8 range by the zero point wraps around);
 * 3. each filter's time dot product Σ wt·(state − zp_state), summed over the
 *    `rank` filters of a unit with the unit's bias, is requantized to the
 *    output (+ zp_out, clamped to int8). A fused RELU is this clamp at the
 *    output zero point, as in TFLite Micro, which applies no activation.
 *
 * Inputs: x [B, I] (int8), weights_feature [F, I] (int8), weights_time
 * [F, M] (int8 or int16, the state's type), bias [U] (int32). Outputs: y
 * [B, U] (int8) and the state, the model's variable tensor, updated in
 * place (reset: int8 to its zero point, int16 to 0). Sums wrap like
 * TFLite Micro's int32 arithmetic.
 */
import { fail, inputAt, intRange, outputAt, type Graph, type Op, type SvdfAttrs, type TensorData } from '../ir/index.js';
import { clamp, multiplyByQuantizedMultiplier, wrapTo } from '../quant/fixed-point.js';
import { describeOp, requireDtype } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { defineOp } from './op-def.js';

export interface SvdfPrepared extends SvdfAttrs {
  batch: number;
  inputSize: number;
  filters: number;
  memory: number;
  units: number;
  /** The state's (and weights_time's) element type. */
  stateType: 'i8' | 'i16';
}


export const svdf = defineOp({
  kind: 'svdf',
  inferShapes(op: Op<'svdf'>, g: Graph): number[][] {
    const x = inputAt(g, op, 0);
    const filters = inputAt(g, op, 1).shape[0]!;
    if (filters % op.attrs.rank !== 0) fail('shape/mismatch', `${describeOp(op)}: ${filters} filters do not divide into rank ${op.attrs.rank}`);
    return [[x.shape[0]!, filters / op.attrs.rank], outputAt(g, op, 1).shape.slice()];
  },
  prepare(op: Op<'svdf'>, g: Graph): SvdfPrepared {
    const x = inputAt(g, op, 0);
    const time = inputAt(g, op, 2);
    const state = outputAt(g, op, 1);
    requireDtype(op, x, ['i8'], 'input');
    requireDtype(op, inputAt(g, op, 1), ['i8'], 'weights_feature');
    requireDtype(op, time, ['i8', 'i16'], 'weights_time');
    requireDtype(op, inputAt(g, op, 3), ['i32'], 'bias');
    requireDtype(op, outputAt(g, op), ['i8'], 'output');
    requireDtype(op, state, [time.dtype], 'state');
    const [batch, inputSize] = x.shape as [number, number];
    const [filters, memory] = time.shape as [number, number];
    if (state.shape.reduce((a, d) => a * d, 1) !== batch * filters * memory) {
      fail('shape/mismatch', `${describeOp(op)}: the state holds ${state.shape.join('×')} elements, the SVDF keeps ${batch}×${filters}×${memory}`, { tensor: state.name });
    }
    return { ...op.attrs, batch, inputSize, filters, memory, units: filters / op.attrs.rank, stateType: time.dtype as 'i8' | 'i16' };
  },
  evalRef(p: SvdfPrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    const x = inputs[0] as Int8Array;
    const wf = inputs[1] as Int8Array;
    const wt = inputs[2] as Int8Array | Int16Array;
    const bias = inputs[3] as Int32Array;
    const y = outputs[0] as Int8Array;
    const state = outputs[1] as Int8Array | Int16Array;
    const { min: lo, max: hi } = intRange(p.stateType);
    const { batch: B, inputSize: I, filters: F, memory: M } = p;
    state.copyWithin(0, 1);
    for (let b = 0; b < B; b++) {
      for (let f = 0; f < F; f++) {
        let acc = 0;
        for (let c = 0; c < I; c++) acc = (acc + wf[f * I + c]! * (x[b * I + c]! - p.inputZeroPoint)) | 0;
        const v = clamp(multiplyByQuantizedMultiplier(acc, p.featureScale[0], p.featureScale[1]), lo, hi);
        state[(b * F + f) * M + M - 1] = wrapTo(p.stateType, p.stateZeroPoint + v);
      }
    }
    for (let b = 0; b < B; b++) {
      for (let u = 0; u < p.units; u++) {
        let acc = bias[u]!;
        for (let r = 0; r < p.rank; r++) {
          const f = u * p.rank + r;
          let dot = 0;
          for (let j = 0; j < M; j++) dot = (dot + wt[f * M + j]! * (state[(b * F + f) * M + j]! - p.stateZeroPoint)) | 0;
          acc = (acc + dot) | 0;
        }
        y[b * p.units + u] = clamp(multiplyByQuantizedMultiplier(acc, p.outputScale[0], p.outputScale[1]) + p.outputZeroPoint, -128, 127);
      }
    }
  },
  cost(op: Op<'svdf'>, g: Graph) {
    const [batch, inputSize] = inputAt(g, op, 0).shape as [number, number];
    const [filters, memory] = inputAt(g, op, 2).shape as [number, number];
    return ioCost(op, g, batch * filters * (inputSize + memory));
  },
});
