/**
 * TFLite's integer UNIDIRECTIONAL_SEQUENCE_LSTM (int8 input and hidden
 * state, int8 weights, int16 cell state, int32 biases) → one `sequence_lstm`
 * op, with everything TFLite Micro's Prepare derives from the scales:
 *
 * - each gate's input and recurrent projection requantizes to Q3.12 with
 *   the multiplier of f32(s_in·s_w)·2^12 (the product rounded to float32
 *   first, as TFLite computes it); the zero points are folded into int32
 *   biases (bias − zp_x·Σw for the input projection, −zp_h·Σw for the
 *   recurrent one, wrapping like TFLite Micro's accumulator);
 * - the gates' activations output Q0.15, so f⊙c → cell has the multiplier
 *   of 2^-15, i⊙g → cell 2^-30 / s_c, o⊙tanh(c) → hidden 2^-30 / s_h;
 * - the cell's tanh reads the cell in Q(15 + P), P = log2 s_c;
 * - cell_clip is counted in cell units, truncated.
 *
 * The hidden and cell state are the model's variable tensors, the op's
 * second and third outputs: each invoke continues from where the last one
 * left them, as in TFLite Micro, until the bundle's reset (h = zp_h, c = 0).
 */
import { fail, type AnyOp, type QuantizedScale, type Tensor } from '../../ir/index.js';
import type { OpContext } from './builtin-ops.js';
import { readLstm } from './sequence-lstm.js';
import { perTensorQuant, quantizedScale } from './stateful-quant.js';

/** The Q0.15 scale of the gates' activations. */
const GATE_OUT = 2 ** -15;
/** The Q3.12 scale of the gates' inputs. */
const GATE_IN_BITS = 12;

export function integerSequenceLstm(c: OpContext, tensors: Tensor[], source: string): AnyOp {
  const { where, cellClip, timeMajor, inputSize, hidden } = readLstm(c);
  const tensorAt = (i: number): Tensor => c.tensor(c.inputs[i]!);
  const scalar = (t: Tensor, role: string): { scale: number; zeroPoint: number } => perTensorQuant(c, where, t, role);
  const x = scalar(tensorAt(0), 'input');
  const hState = tensorAt(18);
  const cState = tensorAt(19);
  if (hState.dtype !== 'i8' || cState.dtype !== 'i16') {
    fail('op/unsupported', `${where}: an integer LSTM needs an int8 hidden state and an int16 cell state, got ${hState.dtype} and ${cState.dtype}`, { opIndex: c.index });
  }
  const h = scalar(hState, 'hidden state');
  const cellScale = scalar(cState, 'cell state').scale;

  const weights = (i: number, cols: number): { data: Int8Array; scale: number } => {
    const t = tensorAt(i);
    if (t.data === undefined || t.dtype !== 'i8') fail('op/unsupported', `${where}: input ${i} ('${t.name}') must be constant int8 weights`, { opIndex: c.index });
    if (t.shape.join() !== `${hidden},${cols}`) fail('shape/mismatch', `${where}: weights '${t.name}' are [${t.shape.join(',')}], expected [${hidden},${cols}]`, { opIndex: c.index });
    const q = scalar(t, 'weights');
    if (q.zeroPoint !== 0) fail('op/unsupported', `${where}: weights '${t.name}' have zero point ${q.zeroPoint}; TFLite's integer LSTM needs 0`, { opIndex: c.index });
    return { data: t.data as Int8Array, scale: q.scale };
  };
  // Gates i, f, c, o: TFLite inputs 1–4 (input weights), 5–8 (recurrent), 12–15 (biases).
  const wIn = new Int8Array(4 * hidden * inputSize);
  const wRec = new Int8Array(4 * hidden * hidden);
  const bIn = new Int32Array(4 * hidden);
  const bRec = new Int32Array(4 * hidden);
  const inputScales: QuantizedScale[] = [];
  const recurrentScales: QuantizedScale[] = [];
  for (let g = 0; g < 4; g++) {
    const wi = weights(1 + g, inputSize);
    const wr = weights(5 + g, hidden);
    wIn.set(wi.data, g * hidden * inputSize);
    wRec.set(wr.data, g * hidden * hidden);
    inputScales.push(quantizedScale(Math.fround(x.scale * wi.scale) * 2 ** GATE_IN_BITS));
    recurrentScales.push(quantizedScale(Math.fround(h.scale * wr.scale) * 2 ** GATE_IN_BITS));
    const bias = tensorAt(12 + g);
    if (bias.data === undefined || bias.dtype !== 'i32') fail('op/unsupported', `${where}: gate bias '${bias.name}' must be constant int32`, { opIndex: c.index });
    for (let r = 0; r < hidden; r++) {
      let sumIn = 0;
      for (let k = 0; k < inputSize; k++) sumIn += wi.data[r * inputSize + k]!;
      let sumRec = 0;
      for (let k = 0; k < hidden; k++) sumRec += wr.data[r * hidden + k]!;
      bIn[g * hidden + r] = ((bias.data as Int32Array)[r]! + Math.imul(-x.zeroPoint, sumIn)) | 0;
      bRec[g * hidden + r] = Math.imul(-h.zeroPoint, sumRec);
    }
  }
  const power = Math.round(Math.log2(cellScale));
  const tanhShift = 12 + power;
  const quantizedClip = cellClip > 0 ? Math.trunc(Math.min(32767, Math.max(-32768, cellClip / cellScale))) : 0;

  const constant = (suffix: string, dtype: 'i8' | 'i32', shape: number[], data: Int8Array | Int32Array): number => {
    tensors.push({ name: `${c.name}/${suffix}`, dtype, shape, data });
    return tensors.length - 1;
  };
  const inputs = [
    c.inputs[0]!,
    constant('input_weights', 'i8', [4 * hidden, inputSize], wIn),
    constant('recurrent_weights', 'i8', [4 * hidden, hidden], wRec),
    constant('input_bias', 'i32', [4 * hidden], bIn),
    constant('recurrent_bias', 'i32', [4 * hidden], bRec),
  ];
  return {
    kind: 'sequence_lstm', name: c.name, source, inputs, outputs: [c.outputs[0]!, c.inputs[18]!, c.inputs[19]!],
    attrs: {
      timeMajor, inputScales, recurrentScales,
      forgetCell: quantizedScale((GATE_OUT * cellScale) / cellScale),
      inputCell: quantizedScale((GATE_OUT * GATE_OUT) / cellScale),
      hidden: quantizedScale((GATE_OUT * GATE_OUT) / h.scale),
      hiddenZeroPoint: h.zeroPoint,
      cellTanh: tanhShift >= 0 ? [0, tanhShift] : [3, -tanhShift],
      cellClip: quantizedClip,
      cellGate: 'tanh',
    },
  };
}
