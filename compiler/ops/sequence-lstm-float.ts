/**
 * SEQUENCE_LSTM_FLOAT: TFLite's float32 UNIDIRECTIONAL_SEQUENCE_LSTM, per
 * batch row and time step, in float32 with each operation rounded as
 * TFLite Micro's float kernel rounds it:
 *
 *   z = (Σ_k x_k·W[r,k] in k order) + b[r] + (Σ_k h_k·R[r,k] in k order)
 *   i = σ(z_i)  f = σ(z_f)  g = tanh(z_c)  o = σ(z_o)
 *   c = f·c + i·g (clipped to ±cellClip when it is set)   h = o·tanh(c)
 *
 * σ and tanh are the LOGISTIC and TANH ops' float rows, so the LSTM gives
 * the same values as those ops chained. Inputs: x, the four gates' input
 * weights stacked [4·S, I], their recurrent weights [4·S, S], the biases
 * [4·S]. Outputs: y, and the hidden and cell state [B, S] (the model's
 * state tensors), which the op reads as the state to start from and leaves
 * for the next invoke.
 */
import { elementCount, fail, inputAt, outputAt, type Graph, type Op, type SequenceLstmFloatAttrs, type TensorData } from '../ir/index.js';
import { clamp } from '../quant/fixed-point.js';
import { floatLogistic, floatTanh } from './activations.js';
import { describeOp, requireDtype } from './common/checks.js';
import { defineOp } from './op-def.js';
import { lstmCost, lstmShapes, lstmSizes } from './sequence-lstm.js';

export interface SequenceLstmFloatPrepared extends SequenceLstmFloatAttrs {
  time: number;
  batch: number;
  inputSize: number;
  /** Hidden units S. */
  units: number;
}

const f32 = Math.fround;

/** Σ_k a[aAt + k]·b[bAt + k] over n, each product and sum rounded to float32 in k order. */
function dot(a: Float32Array, aAt: number, b: Float32Array, bAt: number, n: number): number {
  let acc = 0;
  for (let k = 0; k < n; k++) acc = f32(acc + f32(a[aAt + k]! * b[bAt + k]!));
  return acc;
}

export const sequenceLstmFloat = defineOp({
  kind: 'sequence_lstm_float',
  inferShapes: (op: Op<'sequence_lstm_float'>, g: Graph): number[][] => lstmShapes(op, g, op.attrs.timeMajor),
  prepare(op: Op<'sequence_lstm_float'>, g: Graph): SequenceLstmFloatPrepared {
    for (const [i, role] of [[0, 'input'], [1, 'input weights'], [2, 'recurrent weights'], [3, 'bias']] as const) requireDtype(op, inputAt(g, op, i), ['f32'], role);
    for (const [k, role] of [[0, 'output'], [1, 'hidden state'], [2, 'cell state']] as const) requireDtype(op, outputAt(g, op, k), ['f32'], role);
    const sizes = lstmSizes(op, g, op.attrs.timeMajor);
    if (elementCount(inputAt(g, op, 3).shape) !== 4 * sizes.units) fail('shape/mismatch', `${describeOp(op)}: the bias must hold ${4 * sizes.units} values`);
    return { ...op.attrs, ...sizes };
  },
  evalRef(p: SequenceLstmFloatPrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    const [x, wIn, wRec, bias] = inputs as Float32Array[];
    const [y, h, c] = outputs as Float32Array[];
    const S = p.units;
    const z = new Float32Array(4 * S);
    for (let b = 0; b < p.batch; b++) {
      const hRow = b * S;
      for (let t = 0; t < p.time; t++) {
        const row = p.timeMajor ? t * p.batch + b : b * p.time + t;
        for (let r = 0; r < 4 * S; r++) {
          z[r] = f32(f32(dot(x!, row * p.inputSize, wIn!, r * p.inputSize, p.inputSize) + bias![r]!) + dot(h!, hRow, wRec!, r * S, S));
        }
        for (let u = 0; u < S; u++) {
          const i = floatLogistic(z[u]!);
          const f = floatLogistic(z[S + u]!);
          const g = floatTanh(z[2 * S + u]!);
          const o = floatLogistic(z[3 * S + u]!);
          let cell = f32(f32(f * c![hRow + u]!) + f32(i * g));
          if (p.cellClip > 0) cell = clamp(cell, -p.cellClip, p.cellClip);
          c![hRow + u] = cell;
          h![hRow + u] = f32(o * floatTanh(cell));
        }
        y!.set(h!.subarray(hRow, hRow + S), row * S);
      }
    }
  },
  cost: (op: Op<'sequence_lstm_float'>, g: Graph) => lstmCost(op, g),
});
