/**
 * The float LSTM kernels (C, and wasm SIMD and plain modules) against the
 * reference executor on random single-op graphs, in the forms the oracle's
 * model does not take: several batch rows, time-major input, a cell clip
 * that bites, unit counts that are not a multiple of four, and a state
 * kept from run to run. Within the float tolerance: the kernels' exp and
 * tanh are libm's or the module's own, the reference's JavaScript's.
 */
import test from 'ava';
import { emitWasmBundle, openWasmBundle } from '../../compiler/emit-wasm/index.js';
import { ReferenceExecutor, type RunInput } from '../../compiler/exec/reference.js';
import type { Graph, Tensor } from '../../compiler/ir/index.js';
import { cBackend } from '../conformance/c-backend.js';
import { compareOutput } from '../helpers/compare.js';
import { Rng } from './single-op-graphs.js';

const floats = (r: Rng, n: number, scale: number): Float32Array => Float32Array.from({ length: n }, () => Math.fround((r.int(-1000, 1000) / 1000) * scale));

/** A graph of one sequence_lstm_float op with random weights and float state tensors. */
function randomFloatLstm(seed: number, cellClip: number, units: number): { graph: Graph; input: RunInput } {
  const r = new Rng(seed);
  const [time, batch, inputSize] = [r.int(2, 6), r.int(1, 3), r.int(2, 9)];
  const timeMajor = r.int(0, 1) === 1;
  const shape = timeMajor ? [time, batch, inputSize] : [batch, time, inputSize];
  const tensors: Tensor[] = [
    { name: 'x', dtype: 'f32', shape },
    { name: 'w_in', dtype: 'f32', shape: [4 * units, inputSize], data: floats(r, 4 * units * inputSize, 1.5) },
    { name: 'w_rec', dtype: 'f32', shape: [4 * units, units], data: floats(r, 4 * units * units, 1.5) },
    { name: 'bias', dtype: 'f32', shape: [4 * units], data: floats(r, 4 * units, 1) },
    { name: 'y', dtype: 'f32', shape: timeMajor ? [time, batch, units] : [batch, time, units] },
    { name: 'hidden', dtype: 'f32', shape: [batch, units], persistent: true },
    { name: 'cell', dtype: 'f32', shape: [batch, units], persistent: true },
  ];
  const graph: Graph = {
    name: 'lstm', source: 'test', tensors,
    ops: [{ kind: 'sequence_lstm_float', name: 'lstm', inputs: [0, 1, 2, 3], outputs: [4, 5, 6], attrs: { timeMajor, cellClip } }],
    inputs: [0], outputs: [4],
  };
  return { graph, input: { dtype: 'f32', shape, data: floats(r, shape.reduce((a, d) => a * d, 1), 3) } };
}

for (const [seed, cellClip, units] of [[1, 0, 4], [2, 0, 5], [3, 0.5, 7], [4, 0.25, 8], [5, 0, 1]] as const) {
  test(`float LSTM, seed ${seed}, ${units} units${cellClip > 0 ? `, cell clipped to ±${cellClip}` : ''}: C and wasm equal the reference`, async (t) => {
    const { graph, input } = randomFloatLstm(seed * 7919, cellClip, units);
    const exec = new ReferenceExecutor(graph);
    const expected = [exec.run([input])[0] as Float32Array, exec.run([input])[0] as Float32Array];
    t.notDeepEqual(Array.from(expected[1]!), Array.from(expected[0]!), 'the second run continues from the first one\'s state');
    if (cellClip > 0) {
      // The clip bites: without it the same graph gives other outputs.
      const unclipped = randomFloatLstm(seed * 7919, 0, units);
      t.notDeepEqual(Array.from(new ReferenceExecutor(unclipped.graph).run([unclipped.input])[0] as Float32Array), Array.from(expected[0]!), 'the clip changes the outputs');
    }
    const bundle = await emitWasmBundle(graph, { name: 'lstm' });
    for (const simd of [true, false]) {
      const model = await openWasmBundle(bundle, { simd });
      for (const [run, want] of expected.entries()) {
        t.is(compareOutput(model.run([input])[0]!, want), undefined, `wasm ${simd ? 'SIMD' : 'plain'}, run ${run + 1}`);
      }
    }
    const [outputs] = await cBackend.run(graph, [[input]]);
    t.is(compareOutput(outputs![0]!, expected[0]!), undefined, 'C');
  });
}
