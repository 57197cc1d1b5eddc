/**
 * TFLite UNIDIRECTIONAL_SEQUENCE_LSTM (float32), lowered at import into IR
 * kinds every backend runs, unrolled over the model's static time steps as
 * TensorFlow Lite Micro's float kernel computes them:
 *
 *   i = σ(Wi·x + Ri·h + bi)   f = σ(Wf·x + Rf·h + bf)
 *   g = tanh(Wc·x + Rc·h + bc) o = σ(Wo·x + Ro·h + bo)
 *   c' = f⊙c + i⊙g (clipped to ±cell_clip when it is set)   h' = o⊙tanh(c')
 *
 * The four gates' input weights are one fully-connected layer per step, as
 * are their recurrent weights; each step's output h' is a row of the op's
 * output.
 *
 * The hidden and cell state are the model's variable tensors: the first
 * step reads them and the last step's values are written back, so each
 * invoke continues from the last, as in TFLite Micro, until the bundle's
 * reset sets them to zero — which also serves a streaming model of one time
 * step per invoke. Peepholes, projection, layer normalisation and coupled
 * input-forget gates (CIFG) are refused, as is a cell activation other than
 * tanh. The integer form is one op of its own (sequence-lstm-int.ts).
 */
import { fail, type AnyOp, type FusedActivation, type Tensor } from '../../ir/index.js';
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

/** The IR ops of one float UNIDIRECTIONAL_SEQUENCE_LSTM; new intermediate tensors are appended to `tensors`. */
export function lowerSequenceLstm(c: OpContext, tensors: Tensor[], source: string): AnyOp[] {
  const { where, given, cellClip, timeMajor, time, batch, inputSize, hidden } = readLstm(c);
  const weights = (i: number, cols: number): Float32Array => {
    const t = c.tensor(c.inputs[i]!);
    if (t.data === undefined || t.dtype !== 'f32') fail('op/unsupported', `${where}: input ${i} ('${t.name}') must be constant float32 weights`, { opIndex: c.index });
    if (t.shape[t.shape.length - 1] !== cols) fail('shape/mismatch', `${where}: weights '${t.name}' have ${t.shape[t.shape.length - 1]} columns, expected ${cols}`, { opIndex: c.index });
    return t.data as Float32Array;
  };
  // Gate order i, f, c, o in TFLite's inputs.
  const stacked = (first: number, cols: number): Float32Array => {
    const out = new Float32Array(4 * hidden * cols);
    for (let k = 0; k < 4; k++) out.set(weights(first + k, cols).subarray(0, hidden * cols), k * hidden * cols);
    return out;
  };
  const inputWeights = stacked(1, inputSize);
  const recurrentWeights = stacked(5, hidden);
  const bias = new Float32Array(4 * hidden);
  for (let k = 0; k < 4; k++) if (given(12 + k)) bias.set(weights(12 + k, hidden), k * hidden);

  const ops: AnyOp[] = [];
  const tensor = (suffix: string, shape: number[], data?: Float32Array): number => {
    tensors.push({ name: `${c.name}/${suffix}`, dtype: 'f32', shape, ...(data ? { data } : {}) });
    return tensors.length - 1;
  };
  const op = <K extends AnyOp['kind']>(kind: K, attrs: Extract<AnyOp, { kind: K }>['attrs'], inputs: number[], output: number): number => {
    ops.push({ kind, name: `${tensors[output]!.name}`, source, inputs, outputs: [output], attrs } as AnyOp);
    return output;
  };
  const none: { activation: FusedActivation; potScaleInt16: boolean } = { activation: 'none', potScaleInt16: false };
  const binary = (kind: 'add' | 'mul', a: number, b: number, suffix: string): number => op(kind, none, [a, b], tensor(suffix, [batch, hidden]));
  const unary = (kind: 'logistic' | 'tanh', x: number, suffix: string): number => op(kind, {}, [x], tensor(suffix, [batch, hidden]));
  const columns = (x: number, from: number, to: number, suffix: string): number => {
    const shape = tensors[x]!.shape;
    return op('strided_slice', { begin: [0, from], end: [shape[0]!, to], strides: [1, 1], squeeze: [] }, [x], tensor(suffix, [shape[0]!, to - from]));
  };

  // Each step's input rows [batch, input], projected on their own: one projection of every step at once would hold all
  // steps' gates in the arena together.
  const inputRows = (t: number): number => {
    const shape = timeMajor ? [1, batch, inputSize] : [batch, 1, inputSize];
    const begin = timeMajor ? [t, 0, 0] : [0, t, 0];
    const end = timeMajor ? [t + 1, batch, inputSize] : [batch, t + 1, inputSize];
    const step = op('strided_slice', { begin, end, strides: [1, 1, 1], squeeze: [] }, [c.inputs[0]!], tensor(`x_t${t}`, shape));
    return op('reshape', {}, [step], tensor(`x_rows_t${t}`, [batch, inputSize]));
  };
  const inputGates = tensor('input_weights', [4 * hidden, inputSize], inputWeights);
  const gateBias = tensor('gate_bias', [4 * hidden], bias);
  const recurrent = tensor('recurrent_weights', [4 * hidden, hidden], recurrentWeights);

  // The state: the model's variable tensors, read at the first step and written back after the last.
  const stateAsRows = (k: number, name: string): number => {
    const state = c.inputs[k]!;
    const shape = tensors[state]!.shape;
    if (shape.reduce((a, d) => a * d, 1) !== batch * hidden) fail('shape/mismatch', `${where}: state '${tensors[state]!.name}' is [${shape.join(',')}], not ${batch}×${hidden}`, { opIndex: c.index });
    return shape.length === 2 && shape[0] === batch ? state : op('reshape', {}, [state], tensor(`${name}0`, [batch, hidden]));
  };
  let h = stateAsRows(18, 'h');
  let cell = stateAsRows(19, 'c');
  const outputs: number[] = [];
  for (let t = 0; t < time; t++) {
    const s = `t${t}`;
    const stepRows = op('fully_connected', { activation: 'none', keepNumDims: false }, [inputRows(t), inputGates, gateBias], tensor(`x_gates_${s}`, [batch, 4 * hidden]));
    const pre = op('add', none, [stepRows, op('fully_connected', { activation: 'none', keepNumDims: false }, [h, recurrent], tensor(`h_gates_${s}`, [batch, 4 * hidden]))], tensor(`gates_${s}`, [batch, 4 * hidden]));
    const i = unary('logistic', columns(pre, 0, hidden, `gi_${s}`), `i_${s}`);
    const g = unary('tanh', columns(pre, 2 * hidden, 3 * hidden, `gc_${s}`), `g_${s}`);
    const o = unary('logistic', columns(pre, 3 * hidden, 4 * hidden, `go_${s}`), `o_${s}`);
    const ig = binary('mul', i, g, `ig_${s}`);
    const f = unary('logistic', columns(pre, hidden, 2 * hidden, `gf_${s}`), `f_${s}`);
    let next = binary('add', binary('mul', f, cell, `fc_${s}`), ig, `c_${s}`);
    if (cellClip > 0) next = op('clip', { min: -cellClip, max: cellClip }, [next], tensor(`c_clipped_${s}`, [batch, hidden]));
    cell = next;
    h = binary('mul', o, unary('tanh', cell, `tanh_c_${s}`), `h_${s}`);
    outputs.push(h);
  }

  // Output rows in the op's layout: [time, batch, hidden] or [batch, time, hidden].
  const out = c.outputs[0]!;
  const stepShape = timeMajor ? [1, batch, hidden] : [batch, 1, hidden];
  const views = outputs.map((x, t) => op('reshape', {}, [x], tensor(`y_t${t}`, stepShape)));
  op('concat', { axis: timeMajor ? 0 : 1, activation: 'none' }, views, out);
  // The next invoke continues from the last step's state.
  op('reshape', {}, [h], c.inputs[18]!);
  op('reshape', {}, [cell], c.inputs[19]!);
  return ops;
}
