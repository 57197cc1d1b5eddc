/**
 * ONNX RNN, GRU and LSTM, lowered at import into IR kinds every backend
 * runs: the sequence is static, so the recurrence is unrolled step by step,
 * as ONNX's definition writes it (float32).
 *
 * - The input projection X·Wᵀ + Wb (+ Rb, folded where the equations add it
 *   unchanged) is one matrix product over all steps at once; each step
 *   takes its rows, adds H·Rᵀ and splits the gates (LSTM i, o, f, c; GRU
 *   z, r, h; RNN one).
 * - Constant weights become fully-connected layers; weights given at run
 *   time (as in the ONNX test suite) go through batch_matmul.
 * - A missing initial state is zero, and the first step skips the terms
 *   that multiply it.
 * - `sequence_lens` masks each step: a batch entry past its length keeps its
 *   state and outputs zeros, so Y_h / Y_c are the states at its last step;
 *   the reverse direction then starts, per entry, at its own last step.
 * - `clip` bounds every gate's input; activations may be Sigmoid, Tanh,
 *   Relu, LeakyRelu, HardSigmoid, given per direction.
 * - layout 1 (batch first) is transposed in and out.
 */
import { toNumbers } from '../tensor-proto.js';
import type { NodeContext } from '../context.js';
import { NO_ACTIVATION, requireFloat, reshapeTo } from './common.js';

type Cell = 'RNN' | 'GRU' | 'LSTM';

const GATES: Record<Cell, number> = { RNN: 1, GRU: 3, LSTM: 4 };
const DEFAULT_ACTIVATIONS: Record<Cell, string[]> = { RNN: ['Tanh'], GRU: ['Sigmoid', 'Tanh'], LSTM: ['Sigmoid', 'Tanh', 'Tanh'] };
/** Activations that take ONNX's activation_alpha / activation_beta, with their operators' defaults. */
const PARAMETERISED: Record<string, { alpha: number; beta?: number }> = { LeakyRelu: { alpha: 0.01 }, HardSigmoid: { alpha: 0.2, beta: 0.5 } };

/** A weight matrix [rows, columns] of one direction: constant values, or a run-time tensor. */
type Matrix = { values: Float32Array; rows: number; cols: number } | { tensor: number; rows: number; cols: number };

/** One activation as the lowering applies it. */
type Activation = (x: number, suffix: string) => number;

export const convertRnn = (c: NodeContext): void => convertRecurrent(c, 'RNN');
export const convertGru = (c: NodeContext): void => convertRecurrent(c, 'GRU');
export const convertLstm = (c: NodeContext): void => convertRecurrent(c, 'LSTM');

function convertRecurrent(c: NodeContext, cell: Cell): void {
  for (const i of [0, 1, 2]) requireFloat(c, i);
  const gates = GATES[cell];
  const direction = c.attrs.string('direction', 'forward');
  if (!['forward', 'reverse', 'bidirectional'].includes(direction)) c.fail('onnx/bad-attribute', `direction '${direction}' is not forward, reverse or bidirectional`);
  const dirs = direction === 'bidirectional' ? 2 : 1;
  const layout = c.attrs.int('layout', 0);
  if (layout !== 0 && layout !== 1) c.fail('onnx/bad-attribute', `layout ${layout} is not 0 or 1`);
  if (cell === 'LSTM' && c.attrs.int('input_forget', 0) !== 0) c.fail('onnx/unsupported-op', 'LSTM with input_forget=1 is not supported', 'export the model without coupled input and forget gates');

  const xShape = c.tensor(0).shape;
  if (xShape.length !== 3) c.fail('onnx/invalid', `X must be 3-D, got [${xShape.join(',')}]`);
  const [seq, batch, inputSize] = (layout === 0 ? xShape : [xShape[1], xShape[0], xShape[2]]) as [number, number, number];
  const wShape = c.tensor(1).shape;
  const hidden = c.attrs.int('hidden_size', (c.tensor(2).shape[2] ?? 0));
  if (wShape.length !== 3 || wShape[0] !== dirs || wShape[1] !== gates * hidden || wShape[2] !== inputSize) {
    c.fail('onnx/invalid', `W has shape [${wShape.join(',')}]; ${cell} with ${dirs} direction(s), hidden_size ${hidden} and input size ${inputSize} needs [${dirs},${gates * hidden},${inputSize}]`);
  }
  const rShape = c.tensor(2).shape;
  if (rShape.length !== 3 || rShape[0] !== dirs || rShape[1] !== gates * hidden || rShape[2] !== hidden) {
    c.fail('onnx/invalid', `R has shape [${rShape.join(',')}]; it must be [${dirs},${gates * hidden},${hidden}]`);
  }
  const activations = readActivations(c, cell, dirs);
  const clip = c.attrs.float('clip');
  const linearBeforeReset = cell === 'GRU' && c.attrs.int('linear_before_reset', 0) !== 0;

  const mul = (a: number, b: number, suffix: string): number => c.emit('mul', NO_ACTIVATION, [a, b], { suffix });
  const add = (a: number, b: number, suffix: string): number => c.emit('add', NO_ACTIVATION, [a, b], { suffix });
  const sub = (a: number, b: number, suffix: string): number => c.emit('sub', NO_ACTIVATION, [a, b], { suffix });
  const slice = (x: number, axis: number, from: number, to: number, suffix: string, squeeze = false): number => {
    const shape = c.tensorAt(x).shape;
    const begin = shape.map(() => 0);
    const end = shape.slice();
    begin[axis] = from;
    end[axis] = to;
    return c.emit('strided_slice', { begin, end, strides: shape.map(() => 1), squeeze: squeeze ? [axis] : [] }, [x], { suffix });
  };
  const clipped = (x: number, suffix: string): number => (clip === undefined ? x : c.emit('clip', { min: -clip, max: clip }, [x], { suffix: `${suffix}_clip` }));

  // Sequence-major X, flattened to one row per (step, batch entry).
  const xSeq = layout === 0 ? c.input(0) : c.emit('transpose', { perm: [1, 0, 2] }, [c.input(0)], { suffix: 'x_seq' });
  const xRows = reshapeTo(c, xSeq, [seq * batch, inputSize], { suffix: 'x_rows' });

  /** Rows [from, to) of direction d's slice of a [dirs, n, k] input. */
  const matrix = (input: number, d: number, from: number, to: number, name: string): Matrix => {
    const shape = c.tensor(input).shape as [number, number, number];
    const cols = shape[2];
    const constant = c.tryConstant(input);
    if (constant) {
      const all = Float32Array.from(toNumbers(constant.data));
      return { values: all.slice((d * shape[1] + from) * cols, (d * shape[1] + to) * cols), rows: to - from, cols };
    }
    const one = slice(c.input(input), 0, d, d + 1, `${name}_d${d}`, true);
    return { tensor: from === 0 && to === shape[1] ? one : slice(one, 0, from, to, `${name}_d${d}_${from}`), rows: to - from, cols };
  };
  /** x [rows, m.cols] · mᵀ (+ bias [m.rows]). */
  const project = (x: number, m: Matrix, bias: number | Float32Array | undefined, suffix: string): number => {
    if ('values' in m) {
      const w = c.constTensor(`${suffix}_weights`, 'f32', [m.rows, m.cols], m.values);
      const b = bias instanceof Float32Array ? c.constTensor(`${suffix}_bias`, 'f32', [m.rows], bias) : -1;
      const y = c.emit('fully_connected', { activation: 'none', keepNumDims: false }, b >= 0 ? [x, w, b] : [x, w], { suffix });
      return typeof bias === 'number' ? add(y, bias, `${suffix}_biased`) : y;
    }
    const wt = c.emit('transpose', { perm: [1, 0] }, [m.tensor], { suffix: `${suffix}_wt` });
    const y = c.emit('batch_matmul', {}, [x, wt], { suffix });
    if (bias === undefined) return y;
    const b = bias instanceof Float32Array ? c.constTensor(`${suffix}_bias`, 'f32', [m.rows], bias) : bias;
    return add(y, b, `${suffix}_biased`);
  };
  /** Bias columns [from, to) of direction d: Wb part plus (when `withRecurrent`) Rb part; undefined without B. */
  const biasOf = (d: number, from: number, to: number, withRecurrent: (gate: number) => boolean, name: string): number | Float32Array | undefined => {
    if (!c.has(3)) return undefined;
    const n = gates * hidden;
    const constant = c.tryConstant(3);
    if (constant) {
      const all = toNumbers(constant.data);
      return Float32Array.from({ length: to - from }, (_, k) => {
        const col = from + k;
        const w = all[d * 2 * n + col]!;
        return withRecurrent(Math.floor(col / hidden)) ? Math.fround(w + all[d * 2 * n + n + col]!) : w;
      });
    }
    const row = slice(c.input(3), 0, d, d + 1, `${name}_b${d}`, true);
    const wb = slice(row, 0, from, to, `${name}_wb${d}`);
    const gatesWithR = Array.from({ length: (to - from) / hidden }, (_, k) => Math.floor(from / hidden) + k);
    if (!gatesWithR.every(withRecurrent)) {
      if (gatesWithR.some(withRecurrent)) c.fail('onnx/unsupported-op', 'a run-time B that splits its recurrent bias is not supported');
      return wb;
    }
    return add(wb, slice(row, 0, n + from, n + to, `${name}_rb${d}`), `${name}_bias${d}`);
  };

  /** GRU's Rb for the h gate of direction d ([H]): kept apart when linear_before_reset multiplies it by r. */
  const recurrentBiasH = (d: number): number => {
    const n = gates * hidden;
    const constant = c.tryConstant(3);
    if (constant) {
      const all = toNumbers(constant.data);
      return c.constTensor(`rbh_d${d}`, 'f32', [hidden], Float32Array.from(all.slice(d * 2 * n + n + 2 * hidden, d * 2 * n + 2 * n)));
    }
    return slice(slice(c.input(3), 0, d, d + 1, `rb_d${d}`, true), 0, n + 2 * hidden, 2 * n, `rbh_d${d}`);
  };

  /** Direction d's initial state from input `index` ([dirs, batch, H], or [batch, dirs, H] with layout 1). */
  const initialState = (index: number, d: number, name: string): number | undefined => {
    if (!c.has(index)) return undefined;
    requireFloat(c, index);
    return slice(c.input(index), layout === 0 ? 0 : 1, d, d + 1, `${name}0_d${d}`, true);
  };
  let zeroState: number | undefined;
  const zeros = (): number => (zeroState ??= c.constTensor('zeros', 'f32', [batch, hidden], new Float32Array(batch * hidden)));
  let oneValue: number | undefined;
  const one = (): number => (oneValue ??= c.constTensor('one', 'f32', [], new Float32Array([1])));

  // sequence_lens: a step mask per step, unless every length is the full sequence.
  let lengths: number | undefined;
  if (c.has(4)) {
    const constant = c.tryConstant(4);
    const full = constant && toNumbers(constant.data).every((v) => v === seq);
    if (!full) {
      if (c.tensor(4).dtype !== 'i32') c.fail('onnx/unsupported-type', `sequence_lens is ${c.tensor(4).dtype}; ONNX defines it as int32`);
      lengths = c.input(4);
    }
  }
  const stepMask = (t: number): number | undefined => {
    if (lengths === undefined) return undefined;
    const step = c.constTensor(`step${t}`, 'i32', [1], new Int32Array([t]));
    const valid = c.emit('compare', { test: 'less' }, [step, lengths], { suffix: `valid${t}`, dtype: 'bool' });
    return reshapeTo(c, valid, [batch, 1], { suffix: `valid${t}_col` });
  };

  const outputs: number[][] = Array.from({ length: seq }, () => []);
  const finalH: number[] = [];
  const finalC: number[] = [];
  for (let d = 0; d < dirs; d++) {
    const reverse = direction === 'reverse' || d === 1;
    // RNN has f only, GRU f and g, LSTM f, g and h.
    const acts = activations[d]!;
    const f = acts[0]!;
    const g = acts[1] ?? f;
    const h = acts[2] ?? f;
    const tag = `d${d}`;
    // GRU with linear_before_reset keeps the h gate's recurrent bias inside the reset product.
    const foldR = (gate: number): boolean => !(linearBeforeReset && gate === 2);
    const xw = project(xRows, matrix(1, d, 0, gates * hidden, 'W'), biasOf(d, 0, gates * hidden, foldR, 'x'), `x_proj_${tag}`);
    const peephole = cell === 'LSTM' && c.has(7) ? [0, 1, 2].map((k) => {
      requireFloat(c, 7);
      const p = c.tryConstant(7);
      if (p) return c.constTensor(`p${k}_${tag}`, 'f32', [hidden], Float32Array.from(toNumbers(p.data).slice((d * 3 + k) * hidden, (d * 3 + k + 1) * hidden)));
      return slice(slice(c.input(7), 0, d, d + 1, `p_${tag}`, true), 0, k * hidden, (k + 1) * hidden, `p${k}_${tag}`);
    }) : undefined;
    const recurrent = cell === 'GRU' ? matrix(2, d, 0, 2 * hidden, 'R') : matrix(2, d, 0, gates * hidden, 'R');
    const recurrentH = cell === 'GRU' ? matrix(2, d, 2 * hidden, 3 * hidden, 'R') : undefined;
    const rbH = linearBeforeReset && c.has(3) ? recurrentBiasH(d) : undefined;

    let state = initialState(5, d, 'h');
    let cellState = cell === 'LSTM' ? initialState(6, d, 'c') : undefined;
    for (let k = 0; k < seq; k++) {
      const t = reverse ? seq - 1 - k : k;
      const s = `${tag}_t${t}`;
      const rows = slice(xw, 0, t * batch, (t + 1) * batch, `x_${s}`);
      const gate = (pre: number, j: number, name: string): number => (gates === 1 ? pre : slice(pre, 1, j * hidden, (j + 1) * hidden, `${name}_${s}`));
      let next: number;
      let nextCell: number | undefined;
      if (cell === 'GRU') {
        const zr = state === undefined ? rows : add(slice(rows, 1, 0, 2 * hidden, `xzr_${s}`), project(state, recurrent, undefined, `hzr_${s}`), `zr_${s}`);
        const z = f(clipped(gate(zr, 0, 'gz'), `z_${s}`), `z_${s}`);
        const r = f(clipped(gate(zr, 1, 'gr'), `r_${s}`), `r_${s}`);
        const xh = gate(rows, 2, 'xh');
        let pre = xh;
        if (state !== undefined) {
          const hPart = linearBeforeReset
            ? mul(r, project(state, recurrentH!, rbH, `hh_${s}`), `rhh_${s}`)
            : project(mul(r, state, `rh_${s}`), recurrentH!, undefined, `hh_${s}`);
          pre = add(xh, hPart, `hpre_${s}`);
        } else if (rbH !== undefined) {
          pre = add(xh, mul(r, rbH, `rrb_${s}`), `hpre_${s}`);
        }
        const candidate = g(clipped(pre, `h_${s}`), `hc_${s}`);
        const keep = sub(one(), z, `1mz_${s}`);
        next = mul(keep, candidate, `new_${s}`);
        if (state !== undefined) next = add(next, mul(z, state, `zh_${s}`), `h_${s}`);
      } else {
        const pre = state === undefined ? rows : add(rows, project(state, recurrent, undefined, `hr_${s}`), `pre_${s}`);
        if (cell === 'RNN') {
          next = f(clipped(pre, `pre_${s}`), `h_${s}`);
        } else {
          const peep = (x: number, j: number, on: number | undefined, name: string): number => (peephole && on !== undefined ? add(x, mul(peephole[j]!, on, `${name}p_${s}`), `${name}pp_${s}`) : x);
          const i = f(clipped(peep(gate(pre, 0, 'gi'), 0, cellState, 'i'), `i_${s}`), `i_${s}`);
          const fg = f(clipped(peep(gate(pre, 2, 'gf'), 2, cellState, 'f'), `f_${s}`), `f_${s}`);
          const cand = g(clipped(gate(pre, 3, 'gc'), `c_${s}`), `cc_${s}`);
          nextCell = mul(i, cand, `ic_${s}`);
          if (cellState !== undefined) nextCell = add(mul(fg, cellState, `fc_${s}`), nextCell, `c_${s}`);
          const o = f(clipped(peep(gate(pre, 1, 'go'), 1, nextCell, 'o'), `o_${s}`), `o_${s}`);
          next = mul(o, h(nextCell, `hc_${s}`), `h_${s}`);
        }
      }
      const valid = stepMask(t);
      let y = next;
      if (valid !== undefined) {
        next = c.emit('where', {}, [valid, next, state ?? zeros()], { suffix: `hm_${s}`, dtype: 'f32' });
        if (nextCell !== undefined) nextCell = c.emit('where', {}, [valid, nextCell, cellState ?? zeros()], { suffix: `cm_${s}`, dtype: 'f32' });
        y = c.emit('where', {}, [valid, y, zeros()], { suffix: `y_${s}`, dtype: 'f32' });
      }
      outputs[t]!.push(y);
      state = next;
      cellState = nextCell;
    }
    finalH.push(state!);
    if (cellState !== undefined) finalC.push(cellState);
  }

  // Y: [seq, dirs, batch, H] (layout 1: [batch, seq, dirs, H]); Y_h, Y_c: [dirs, batch, H] (layout 1: [batch, dirs, H]).
  const stack = (parts: number[], shape: number[], axis: number, suffix: string, output?: number): number => {
    if (parts.length === 1) return reshapeTo(c, parts[0]!, shape, output !== undefined ? { output } : { suffix });
    const views = parts.map((p, k) => reshapeTo(c, p, shape, { suffix: `${suffix}_${k}` }));
    return c.emit('concat', { axis, activation: 'none' }, views, output !== undefined ? { output } : { suffix });
  };
  const finish = (index: number, build: (output?: number) => number, perm: number[]): void => {
    if (!c.hasOutput(index)) return;
    if (layout === 0) build(index);
    else c.emit('transpose', { perm }, [build()], { output: index });
  };
  finish(0, (output) => {
    const steps = outputs.map((perStep, t) => stack(perStep, [1, 1, batch, hidden], 1, `y_t${t}`));
    return steps.length === 1 ? (output !== undefined ? reshapeTo(c, steps[0]!, [1, dirs, batch, hidden], { output }) : steps[0]!)
      : c.emit('concat', { axis: 0, activation: 'none' }, steps, output !== undefined ? { output } : { suffix: 'y' });
  }, [2, 0, 1, 3]);
  finish(1, (output) => stack(finalH, [1, batch, hidden], 0, 'y_h', output), [1, 0, 2]);
  if (cell === 'LSTM') finish(2, (output) => stack(finalC, [1, batch, hidden], 0, 'y_c', output), [1, 0, 2]);
}

/** The activations of each direction (f, g[, h]), from the `activations` attribute or the defaults. */
function readActivations(c: NodeContext, cell: Cell, dirs: number): Activation[][] {
  const per = DEFAULT_ACTIVATIONS[cell].length;
  const names = c.attrs.strings('activations') ?? Array.from({ length: dirs }, () => DEFAULT_ACTIVATIONS[cell]).flat();
  if (names.length !== per * dirs) c.fail('onnx/bad-attribute', `activations lists ${names.length} functions; ${cell} with ${dirs} direction(s) needs ${per * dirs}`);
  const alphas = c.attrs.floats('activation_alpha') ?? [];
  const betas = c.attrs.floats('activation_beta') ?? [];
  // Each function that takes alpha (beta) consumes the next value of its list, as ONNX Runtime reads them.
  let nextAlpha = 0;
  let nextBeta = 0;
  const make = (given: string): Activation => {
    // ONNX Runtime matches the names without regard to case.
    const name = ['Sigmoid', 'Tanh', 'Relu', 'LeakyRelu', 'HardSigmoid'].find((n) => n.toLowerCase() === given.toLowerCase()) ?? given;
    const params = PARAMETERISED[name];
    if (params) {
      const alpha = alphas[nextAlpha++] ?? params.alpha;
      if (params.beta === undefined) return (x, suffix) => c.emit('leaky_relu', { alpha }, [x], { suffix });
      const beta = betas[nextBeta++] ?? params.beta;
      return (x, suffix) => c.emit('hard_sigmoid', { alpha, beta }, [x], { suffix });
    }
    if (name === 'Sigmoid') return (x, suffix) => c.emit('logistic', {}, [x], { suffix });
    if (name === 'Tanh') return (x, suffix) => c.emit('tanh', {}, [x], { suffix });
    if (name === 'Relu') return (x, suffix) => c.emit('relu', {}, [x], { suffix });
    return c.fail('onnx/unsupported-op', `${cell} activation '${name}' is not supported (Sigmoid, Tanh, Relu, LeakyRelu and HardSigmoid are)`);
  };
  return Array.from({ length: dirs }, (_, d) => names.slice(d * per, (d + 1) * per).map(make));
}
