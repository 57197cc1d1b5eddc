/**
 * The integer LSTM kernels (C and wasm, SIMD and plain modules) against the
 * reference executor on random single-op graphs, in the forms the oracle's
 * two models do not take: several batch rows, time-major input, a cell
 * clip, both forms of the cell's tanh shift, and multipliers that drive the
 * gates and the cell into int16 saturation (the tanh table's saturated
 * branch included). Byte for byte. And the state: kept from run to run,
 * started over by reset.
 */
import test from 'ava';
import { emitWasmBundle, openWasmBundle, runWasmBundle } from '../../compiler/emit-wasm/index.js';
import { ReferenceExecutor, type RunInput } from '../../compiler/exec/reference.js';
import type { Graph, QuantizedScale, SequenceLstmAttrs, Tensor } from '../../compiler/ir/index.js';
import { cBackend } from '../conformance/c-backend.js';
import { randomData, Rng } from './single-op-graphs.js';

/** A graph of one sequence_lstm op with random weights, scales and state tensors (hidden int8 with a zero point, cell int16). */
function randomLstm(seed: number, shifts: [number, number] = [-22, 1], fixedUnits?: number): { graph: Graph; input: RunInput } {
  const r = new Rng(seed);
  const [time, batch, inputSize, randomUnits] = [r.int(2, 6), r.int(1, 3), r.int(2, 9), r.int(2, 11)];
  const units = fixedUnits ?? randomUnits;
  const timeMajor = r.int(0, 1) === 1;
  const scale = (): QuantizedScale => [r.int(1 << 30, 2147483647), r.int(shifts[0], shifts[1])];
  const hiddenZeroPoint = r.int(-128, 127);
  const attrs: SequenceLstmAttrs = {
    timeMajor,
    inputScales: [scale(), scale(), scale(), scale()],
    recurrentScales: [scale(), scale(), scale(), scale()],
    forgetCell: [1073741824, -14],
    inputCell: [1073741824, r.int(-20, -14)],
    hidden: scale(),
    hiddenZeroPoint,
    cellTanh: r.int(0, 1) === 1 ? [0, r.int(0, 3)] : [3, r.int(1, 3)],
    cellClip: r.int(0, 1) === 1 ? r.int(100, 30000) : 0,
    cellGate: 'tanh',
  };
  const shape = timeMajor ? [time, batch, inputSize] : [batch, time, inputSize];
  const tensors: Tensor[] = [
    { name: 'x', dtype: 'i8', shape },
    { name: 'w_in', dtype: 'i8', shape: [4 * units, inputSize], data: randomData(r, 'i8', 4 * units * inputSize) },
    { name: 'w_rec', dtype: 'i8', shape: [4 * units, units], data: randomData(r, 'i8', 4 * units * units) },
    { name: 'b_in', dtype: 'i32', shape: [4 * units], data: randomData(r, 'i32', 4 * units, [-200000, 200000]) },
    { name: 'b_rec', dtype: 'i32', shape: [4 * units], data: randomData(r, 'i32', 4 * units, [-200000, 200000]) },
    { name: 'y', dtype: 'i8', shape: timeMajor ? [time, batch, units] : [batch, time, units] },
    { name: 'hidden', dtype: 'i8', shape: [batch, units], quant: { scale: [1 / 128], zeroPoint: [hiddenZeroPoint], axis: 0 }, persistent: true },
    { name: 'cell', dtype: 'i16', shape: [batch, units], persistent: true },
  ];
  const graph: Graph = {
    name: 'lstm', source: 'test', tensors,
    ops: [{ kind: 'sequence_lstm', name: 'lstm', inputs: [0, 1, 2, 3, 4], outputs: [5, 6, 7], attrs }],
    inputs: [0], outputs: [5],
  };
  return { graph, input: { dtype: 'i8', shape, data: randomData(r, 'i8', shape.reduce((a, d) => a * d, 1)) as Int8Array } };
}

for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
  test(`integer LSTM, seed ${seed}: C and wasm equal the reference byte for byte`, async (t) => {
    const { graph, input } = randomLstm(seed * 7919);
    const expected = new ReferenceExecutor(graph).run([input])[0] as Int8Array;
    const bundle = await emitWasmBundle(graph, { name: 'lstm' });
    for (const simd of [true, false]) {
      const [got] = await runWasmBundle(bundle, [input], { simd });
      t.deepEqual(Array.from(got as Int8Array), Array.from(expected), `wasm ${simd ? 'SIMD' : 'plain'}`);
    }
    const [outputs] = await cBackend.run(graph, [[input]]);
    t.deepEqual(Array.from(outputs![0] as Int8Array), Array.from(expected), 'C');
  });
}

// The C kernel's other forms: gate shifts that only go right (its right-shift requantization) with a
// unit count that is a multiple of four (a step's rows are one gate's), and both apart.
for (const [seed, shifts, units] of [[11, [-14, -9], 8], [12, [-14, -9], 5], [13, [-3, 2], 12]] as const) {
  test(`integer LSTM, ${units} units, gate shifts ${shifts[1] > 0 ? 'left and right' : 'right only'}: C equals the reference byte for byte`, async (t) => {
    const { graph, input } = randomLstm(seed * 7919, [...shifts], units);
    const attrs = graph.ops[0]!.attrs as SequenceLstmAttrs;
    const gateShifts = [...attrs.inputScales, ...attrs.recurrentScales].map(([, s]) => s);
    t.is(gateShifts.some((s) => s > 0), shifts[1] > 0, 'the form under test');
    const expected = new ReferenceExecutor(graph).run([input])[0] as Int8Array;
    const [outputs] = await cBackend.run(graph, [[input]]);
    t.deepEqual(Array.from(outputs![0] as Int8Array), Array.from(expected));
  });
}

test('the LSTM state carries over to the next run until reset, in the reference and in wasm', async (t) => {
  // Multipliers that keep the gates off saturation, so the state shows in the outputs.
  const { graph, input } = randomLstm(4242, [-14, -9]);
  const exec = new ReferenceExecutor(graph);
  const first = exec.run([input])[0] as Int8Array;
  const second = exec.run([input])[0] as Int8Array;
  t.notDeepEqual(Array.from(second), Array.from(first), 'the second run continues from the first one\'s state');
  exec.reset();
  t.deepEqual(Array.from(exec.run([input])[0] as Int8Array), Array.from(first), 'reset starts over');
  const model = await openWasmBundle(await emitWasmBundle(graph, { name: 'lstm' }), { simd: true });
  t.deepEqual(Array.from(model.run([input])[0] as Int8Array), Array.from(first));
  t.deepEqual(Array.from(model.run([input])[0] as Int8Array), Array.from(second));
});
