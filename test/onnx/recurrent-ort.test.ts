/**
 * ONNX RNN, GRU and LSTM with constant weights (as exported models hold
 * them; the ONNX test suite passes them at run time), in the forms the
 * suite leaves out: both directions, sequence_lens shorter than the
 * sequence, initial states, peepholes, clip, linear_before_reset and
 * parameterised activations. (ONNX Runtime refuses the batch-first layout;
 * the suite's *_batchwise tests cover it.) Each is run by ONNX
 * Runtime and by Ingot's reference, C and wasm backends on the same input,
 * every output compared (Y, Y_h and, for LSTM, Y_c).
 */
import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { importModel } from '../../compiler/import/index.js';
import { ONNX_TYPES, rawOf, writeOnnxModel, type AttributeValue, type TensorSpec } from '../../scripts/fixtures/onnx-writer.js';
import { BACKENDS } from '../conformance/backends.js';
import { random, uniform } from '../helpers/onnx-models.js';

const F = ONNX_TYPES.float;

interface Form {
  name: string;
  cell: 'RNN' | 'GRU' | 'LSTM';
  seq: number;
  batch: number;
  input: number;
  hidden: number;
  dirs: 1 | 2;
  layout?: 0 | 1;
  attrs?: Record<string, AttributeValue>;
  bias?: boolean;
  lengths?: number[];
  initial?: boolean;
  peepholes?: boolean;
}

const FORMS: Form[] = [
  { name: 'LSTM both directions, initial states, peepholes, clip', cell: 'LSTM', seq: 4, batch: 2, input: 3, hidden: 5, dirs: 2, bias: true, initial: true, peepholes: true, attrs: { direction: 'bidirectional', clip: { float: 0.9 } } },
  { name: 'LSTM forward, sequence_lens shorter than the sequence', cell: 'LSTM', seq: 5, batch: 3, input: 4, hidden: 3, dirs: 1, bias: true, lengths: [5, 2, 1] },
  { name: 'LSTM reverse, HardSigmoid / Tanh / LeakyRelu', cell: 'LSTM', seq: 3, batch: 2, input: 2, hidden: 4, dirs: 1, bias: true, lengths: [3, 2],
    attrs: { direction: 'reverse', activations: { strings: ['HardSigmoid', 'Tanh', 'LeakyRelu'] }, activation_alpha: { floats: [0.3, 0.05] }, activation_beta: { floats: [0.4] } } },
  { name: 'GRU reverse, linear_before_reset, sequence_lens', cell: 'GRU', seq: 4, batch: 2, input: 3, hidden: 4, dirs: 1, bias: true, lengths: [4, 3], initial: true, attrs: { direction: 'reverse', linear_before_reset: 1 } },
  { name: 'GRU both directions', cell: 'GRU', seq: 3, batch: 2, input: 3, hidden: 2, dirs: 2, bias: true, attrs: { direction: 'bidirectional' } },
  { name: 'RNN both directions, Relu forward and Tanh backward', cell: 'RNN', seq: 4, batch: 1, input: 3, hidden: 3, dirs: 2, bias: true, initial: true, attrs: { direction: 'bidirectional', activations: { strings: ['Relu', 'Tanh'] } } },
];

const GATES = { RNN: 1, GRU: 3, LSTM: 4 } as const;

function model(form: Form): { bytes: Uint8Array; xShape: number[]; outputs: string[] } {
  const g = GATES[form.cell] * form.hidden;
  let seed = form.seq * 31 + form.hidden;
  const weights = (name: string, dims: number[], scale = 0.6): TensorSpec => ({ name, type: F, dims, raw: rawOf(uniform(random(seed++), dims.reduce((a, d) => a * d, 1), -scale, scale)) });
  const stateDims = form.layout === 1 ? [form.batch, form.dirs, form.hidden] : [form.dirs, form.batch, form.hidden];
  const initializers = [weights('W', [form.dirs, g, form.input]), weights('R', [form.dirs, g, form.hidden])];
  const inputs = ['x', 'W', 'R', '', '', '', '', ''];
  if (form.bias) { initializers.push(weights('B', [form.dirs, 2 * g], 0.3)); inputs[3] = 'B'; }
  if (form.lengths) { initializers.push({ name: 'L', type: ONNX_TYPES.int32, dims: [form.batch], raw: rawOf(Int32Array.from(form.lengths)) }); inputs[4] = 'L'; }
  if (form.initial) { initializers.push(weights('H0', stateDims, 0.5)); inputs[5] = 'H0'; }
  if (form.initial && form.cell === 'LSTM') { initializers.push(weights('C0', stateDims, 0.5)); inputs[6] = 'C0'; }
  if (form.peepholes) { initializers.push(weights('P', [form.dirs, 3 * form.hidden], 0.4)); inputs[7] = 'P'; }
  while (inputs[inputs.length - 1] === '') inputs.pop();
  const outputs = form.cell === 'LSTM' ? ['Y', 'Y_h', 'Y_c'] : ['Y', 'Y_h'];
  const xShape = form.layout === 1 ? [form.batch, form.seq, form.input] : [form.seq, form.batch, form.input];
  const bytes = writeOnnxModel({
    opset: 14,
    nodes: [{ op: form.cell, inputs, outputs, attrs: { hidden_size: form.hidden, ...(form.layout ? { layout: form.layout } : {}), ...form.attrs } }],
    initializers, inputs: [{ name: 'x', type: F, dims: xShape }], outputs: outputs.map((name) => ({ name, type: F })),
  });
  return { bytes, xShape, outputs };
}

for (const form of FORMS) {
  test(`${form.name}: reference, C and wasm match ONNX Runtime`, async (t) => {
    const { bytes, xShape, outputs } = model(form);
    const path = join(mkdtempSync(join(tmpdir(), 'ingot-recurrent-')), 'm.onnx');
    writeFileSync(path, bytes);
    const x = uniform(random(form.seq + form.batch), xShape.reduce((a, d) => a * d, 1), -1.5, 1.5);
    const session = await ort.InferenceSession.create(path, { intraOpNumThreads: 1, interOpNumThreads: 1 });
    const theirs = await session.run({ x: new ort.Tensor('float32', x, xShape) });
    for (const backend of BACKENDS) {
      const [ours] = await backend.run(importModel(bytes, form.name), [[{ dtype: 'f32', shape: xShape, data: x }]]);
      outputs.forEach((name, k) => {
        const want = theirs[name]!.data as Float32Array;
        const got = ours![k] as Float32Array;
        t.is(got.length, want.length, `${backend.name} ${name} length`);
        const worst = Math.max(...Array.from(want, (v, i) => Math.abs(got[i]! - v) / (1e-5 + 1e-4 * Math.abs(v))));
        t.true(worst <= 1, `${backend.name} ${name}: worst error ${worst.toFixed(2)}× the tolerance`);
      });
    }
  });
}
