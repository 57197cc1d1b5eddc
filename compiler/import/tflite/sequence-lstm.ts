/**
 * TFLite UNIDIRECTIONAL_SEQUENCE_LSTM (float32) → one `sequence_lstm_float`
 * op (compiler/ops/sequence-lstm-float.ts), the four gates' weights stacked
 * in TFLite's gate order (input, forget, cell, output) and the biases
 * gathered (absent ones zero):
 *
 *   i = σ(Wi·x + Ri·h + bi)   f = σ(Wf·x + Rf·h + bf)
 *   g = tanh(Wc·x + Rc·h + bc) o = σ(Wo·x + Ro·h + bo)
 *   c' = f⊙c + i⊙g (clipped to ±cell_clip when it is set)   h' = o⊙tanh(c')
 *
 * One kernel loops over the time steps; unrolled into the ops above, a
 * 28-step LSTM was 566 layers, ten times the code, and a concatenation
 * of every step's output.
 *
 * The hidden and cell state are the model's variable tensors, the op's
 * second and third outputs: each invoke continues from the last, as in
 * TFLite Micro, until the bundle's reset sets them to zero — which also
 * serves a streaming model of one time step per invoke. Peepholes,
 * projection, layer normalisation and coupled input-forget gates (CIFG) are
 * refused, as is a cell activation other than tanh. The integer form is one
 * op of its own (sequence-lstm-int.ts).
 */
import { fail, type AnyOp, type Tensor } from '../../ir/index.js';
import type { OpContext } from './builtin-ops.js';

const TANH_ACTIVATION = 4;
/** Inputs the lowering does not implement: peepholes 9–11, projection 16–17, layer norm 20–23. */
const REFUSED_INPUTS: Array<[number[], string]> = [[[9, 10, 11], 'peephole weights'], [[16, 17], 'a projection layer'], [[20, 21, 22, 23], 'layer normalisation']];

/** What both forms of the op check and read: its layout, sizes and options. */
export interface LstmShape {
  where: string;
  given: (i: number) => boolean;
  cellClip: number;
  timeMajor: boolean;
  time: number;
  batch: number;
  inputSize: number;
  hidden: number;
}

/** Reads the op's options and sizes, refusing what neither form implements (see the header). */
export function readLstm(c: OpContext): LstmShape {
  const where = `operator ${c.index} (UNIDIRECTIONAL_SEQUENCE_LSTM)`;
  const refuse = (what: string, hint: string): never => fail('op/unsupported', `${where}: ${what} is not supported`, { opIndex: c.index, hint });
  const given = (i: number): boolean => (c.inputs[i] ?? -1) >= 0;
  const input = c.tensor(c.inputs[0]!);
  if (!given(1) || !given(5)) refuse('an LSTM with coupled input and forget gates (CIFG)', 'convert the model without CIFG');
  for (const [indices, what] of REFUSED_INPUTS) if (indices.some(given)) refuse(`an LSTM with ${what}`, 'convert the model without it');
  const activation = c.options?.i8(0, 0, 'fused_activation_function') ?? 0;
  if (activation !== TANH_ACTIVATION) refuse(`cell activation ${activation} (only tanh)`, 'use the default tanh activation');
  const cellClip = c.options?.f32(1, 0, 'cell_clip') ?? 0;
  const timeMajor = c.options?.bool(3, 'time_major') ?? false;
  if (input.shape.length !== 3) fail('shape/mismatch', `${where}: input must be 3-D, got [${input.shape.join(',')}]`, { opIndex: c.index });
  const [time, batch, inputSize] = (timeMajor ? input.shape : [input.shape[1], input.shape[0], input.shape[2]]) as [number, number, number];
  for (const k of [18, 19]) {
    if (!given(k) || !c.tensor(c.inputs[k]!).persistent) fail('op/unsupported', `${where}: the hidden and cell state (inputs 18 and 19) must be variable tensors`, { opIndex: c.index });
  }
  return { where, given, cellClip, timeMajor, time, batch, inputSize, hidden: c.tensor(c.inputs[2]!).shape[0]! };
}

/** The `sequence_lstm_float` op of one float UNIDIRECTIONAL_SEQUENCE_LSTM; its stacked weights are appended to `tensors`. */
export function floatSequenceLstm(c: OpContext, tensors: Tensor[], source: string): AnyOp {
  const { where, given, cellClip, timeMajor, inputSize, hidden } = readLstm(c);
  const weights = (i: number, cols: number, rows = hidden): Float32Array => {
    const t = c.tensor(c.inputs[i]!);
    if (t.data === undefined || t.dtype !== 'f32') fail('op/unsupported', `${where}: input ${i} ('${t.name}') must be constant float32 weights`, { opIndex: c.index });
    if (t.shape[t.shape.length - 1] !== cols) fail('shape/mismatch', `${where}: weights '${t.name}' have ${t.shape[t.shape.length - 1]} columns, expected ${cols}`, { opIndex: c.index });
    if (t.data.length < rows * cols) fail('shape/mismatch', `${where}: weights '${t.name}' hold ${t.data.length} values, expected ${rows * cols}`, { opIndex: c.index });
    return t.data as Float32Array;
  };
  // Gate order i, f, c, o in TFLite's inputs.
  const stacked = (first: number, cols: number): Float32Array => {
    const out = new Float32Array(4 * hidden * cols);
    for (let k = 0; k < 4; k++) out.set(weights(first + k, cols).subarray(0, hidden * cols), k * hidden * cols);
    return out;
  };
  const bias = new Float32Array(4 * hidden);
  for (let k = 0; k < 4; k++) if (given(12 + k)) bias.set(weights(12 + k, hidden, 1).subarray(0, hidden), k * hidden);
  const constant = (suffix: string, shape: number[], data: Float32Array): number => {
    tensors.push({ name: `${c.name}/${suffix}`, dtype: 'f32', shape, data });
    return tensors.length - 1;
  };
  for (const k of [18, 19]) {
    const t = c.tensor(c.inputs[k]!);
    if (t.dtype !== 'f32') fail('op/unsupported', `${where}: state '${t.name}' is ${t.dtype}; a float LSTM keeps float32 state`, { opIndex: c.index });
  }
  const inputs = [
    c.inputs[0]!,
    constant('input_weights', [4 * hidden, inputSize], stacked(1, inputSize)),
    constant('recurrent_weights', [4 * hidden, hidden], stacked(5, hidden)),
    constant('gate_bias', [4 * hidden], bias),
  ];
  return { kind: 'sequence_lstm_float', name: c.name, source, inputs, outputs: [c.outputs[0]!, c.inputs[18]!, c.inputs[19]!], attrs: { timeMajor, cellClip } };
}
