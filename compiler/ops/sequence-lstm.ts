/**
 * SEQUENCE_LSTM: TFLite Micro's integer UNIDIRECTIONAL_SEQUENCE_LSTM, step
 * by step as its reference kernel computes it (int8 input and hidden state,
 * int8 weights, int16 cell state):
 *
 *   gate_g = act( sat16( clamp16(MBQM(Wx_g·x + bx_g)) + clamp16(MBQM(Wh_g·h + bh_g)) ) )
 *     (the zero points folded into bx, bh; act = int16 sigmoid, or the cell
 *      gate's tanh/sigmoid, on Q3.12 → Q0.15)
 *   c = sat16( clamp16(MBQM(f·c)) + clamp16(MBQM(i·g)) ), clipped when cell_clip is set
 *   h = clamp8( MBQM(tanh16(c)·o) + zp_h ), which is also the step's output row
 *
 * Inputs: x, the four gates' input weights stacked [4·S, I] (int8), their
 * recurrent weights [4·S, S], and the folded biases [4·S] (int32) of each.
 * Outputs: y, and the hidden (int8) and cell (int16) state [B, S], which
 * the op reads as the state to start from and leaves for the next invoke —
 * the model's state tensors, as TFLite Micro keeps them (reset: h = zp_h,
 * c = 0). The int32 dot products wrap like TFLite Micro's.
 */
import { elementCount, fail, inputAt, outputAt, type Graph, type Op, type QuantizedScale, type SequenceLstmAttrs, type TensorData } from '../ir/index.js';
import { clamp, multiplyByQuantizedMultiplier } from '../quant/fixed-point.js';
import { describeOp, requireDtype } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { sigmoid16, tanh16 } from './common/int16-sigmoid.js';
import { defineOp, type OpCost } from './op-def.js';

export interface SequenceLstmPrepared extends SequenceLstmAttrs {
  time: number;
  batch: number;
  inputSize: number;
  /** Hidden units S. */
  units: number;
}

const mbqm = (x: number, s: QuantizedScale): number => multiplyByQuantizedMultiplier(x, s[0], s[1]);
const clamp16 = (v: number): number => clamp(v, -32768, 32767);

/**
 * The output shapes of either LSTM op: y [time, batch, units] in the
 * input's layout, and the hidden and cell state in their own (model)
 * shapes, which must hold batch × units values.
 */
export function lstmShapes(op: Op, g: Graph, timeMajor: boolean): number[][] {
  const x = inputAt(g, op, 0);
  if (x.shape.length !== 3) fail('shape/mismatch', `${describeOp(op)}: the input must be 3-D, got [${x.shape.join(',')}]`, { tensor: x.name });
  const units = inputAt(g, op, 2).shape[1]!;
  const batch = timeMajor ? x.shape[1]! : x.shape[0]!;
  const states = [1, 2].map((k) => outputAt(g, op, k).shape.slice());
  states.forEach((shape, k) => {
    if (elementCount(shape) !== batch * units) fail('shape/mismatch', `${describeOp(op)}: state ${k + 1} has ${elementCount(shape)} elements, the LSTM keeps ${batch * units}`);
  });
  return [[x.shape[0]!, x.shape[1]!, units], ...states];
}

/** The sizes either LSTM op runs with, its weights checked to be [4·S, I] and [4·S, S]. */
export function lstmSizes(op: Op, g: Graph, timeMajor: boolean): { time: number; batch: number; inputSize: number; units: number } {
  const x = inputAt(g, op, 0);
  const units = inputAt(g, op, 2).shape[1]!;
  const [time, batch] = timeMajor ? [x.shape[0]!, x.shape[1]!] : [x.shape[1]!, x.shape[0]!];
  const inputSize = x.shape[2]!;
  if (inputAt(g, op, 1).shape.join() !== `${4 * units},${inputSize}` || inputAt(g, op, 2).shape.join() !== `${4 * units},${units}`) {
    fail('shape/mismatch', `${describeOp(op)}: weights must be [${4 * units},${inputSize}] and [${4 * units},${units}]`);
  }
  return { time, batch, inputSize, units };
}

/** Either LSTM op's cost: per step, four gates' dot products over the input and the hidden state. */
export function lstmCost(op: Op, g: Graph): OpCost {
  const x = inputAt(g, op, 0);
  const units = inputAt(g, op, 2).shape[1]!;
  return ioCost(op, g, x.shape[0]! * x.shape[1]! * 4 * units * (x.shape[2]! + units));
}

export const sequenceLstm = defineOp({
  kind: 'sequence_lstm',
  inferShapes: (op: Op<'sequence_lstm'>, g: Graph): number[][] => lstmShapes(op, g, op.attrs.timeMajor),
  prepare(op: Op<'sequence_lstm'>, g: Graph): SequenceLstmPrepared {
    const x = inputAt(g, op, 0);
    requireDtype(op, x, ['i8'], 'input');
    requireDtype(op, inputAt(g, op, 1), ['i8'], 'input weights');
    requireDtype(op, inputAt(g, op, 2), ['i8'], 'recurrent weights');
    requireDtype(op, inputAt(g, op, 3), ['i32'], 'input bias');
    requireDtype(op, inputAt(g, op, 4), ['i32'], 'recurrent bias');
    requireDtype(op, outputAt(g, op), ['i8'], 'output');
    requireDtype(op, outputAt(g, op, 1), ['i8'], 'hidden state');
    requireDtype(op, outputAt(g, op, 2), ['i16'], 'cell state');
    return { ...op.attrs, ...lstmSizes(op, g, op.attrs.timeMajor) };
  },
  evalRef(p: SequenceLstmPrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
    const x = inputs[0] as Int8Array;
    const wIn = inputs[1] as Int8Array;
    const wRec = inputs[2] as Int8Array;
    const bIn = inputs[3] as Int32Array;
    const bRec = inputs[4] as Int32Array;
    const y = outputs[0] as Int8Array;
    const S = p.units;
    const h = outputs[1] as Int8Array;
    const c = outputs[2] as Int16Array;
    const gates = new Int16Array(4 * S);
    for (let b = 0; b < p.batch; b++) {
      for (let t = 0; t < p.time; t++) {
        const xRow = (p.timeMajor ? t * p.batch + b : b * p.time + t) * p.inputSize;
        const hRow = b * S;
        // Pre-activations of all four gates from the previous h.
        for (let r = 0; r < 4 * S; r++) {
          let ax = bIn[r]!;
          for (let k = 0; k < p.inputSize; k++) ax = (ax + Math.imul(wIn[r * p.inputSize + k]!, x[xRow + k]!)) | 0;
          let ah = bRec[r]!;
          for (let k = 0; k < S; k++) ah = (ah + Math.imul(wRec[r * S + k]!, h[hRow + k]!)) | 0;
          const gate = Math.floor(r / S);
          gates[r] = clamp16(clamp16(mbqm(ax, p.inputScales[gate]!)) + clamp16(mbqm(ah, p.recurrentScales[gate]!)));
        }
        for (let u = 0; u < S; u++) {
          const i = sigmoid16(gates[u]!);
          const f = sigmoid16(gates[S + u]!);
          const g = p.cellGate === 'tanh' ? tanh16(gates[2 * S + u]!, 0, 0) : sigmoid16(gates[2 * S + u]!);
          const o = sigmoid16(gates[3 * S + u]!);
          let cell = clamp16(clamp16(mbqm(f * c[hRow + u]!, p.forgetCell)) + clamp16(mbqm(i * g, p.inputCell)));
          if (p.cellClip > 0) cell = clamp(cell, -p.cellClip, p.cellClip);
          c[hRow + u] = cell;
          h[hRow + u] = clamp(mbqm(tanh16(cell, p.cellTanh[0], p.cellTanh[1]) * o, p.hidden) + p.hiddenZeroPoint, -128, 127);
        }
        y.set(h.subarray(hRow, hRow + S), (p.timeMajor ? t * p.batch + b : b * p.time + t) * S);
      }
    }
  },
  cost: (op: Op<'sequence_lstm'>, g: Graph) => lstmCost(op, g),
});
