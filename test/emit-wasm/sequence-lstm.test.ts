/**
 * The integer LSTM kernels (C and wasm, SIMD and plain modules) against the
 * reference executor on random single-op graphs, in the forms the oracle's
 * two models do not take: several batch rows, time-major input, a cell
 * clip, both forms of the cell's tanh shift, and multipliers that drive the
 * gates and the cell into int16 saturation (the tanh table's saturated
 * branch included). Byte for byte.
 */
import test from 'ava';
import { emitWasmBundle, runWasmBundle } from '../../compiler/emit-wasm/index.js';
import { ReferenceExecutor } from '../../compiler/exec/reference.js';
import type { QuantizedScale, SequenceLstmAttrs } from '../../compiler/ir/index.js';
import { cBackend } from '../conformance/c-backend.js';
import { randomData, Rng, singleOp } from './single-op-graphs.js';

function randomLstm(seed: number): { graph: ReturnType<typeof singleOp>; input: { dtype: 'i8'; shape: number[]; data: Int8Array } } {
  const r = new Rng(seed);
  const [time, batch, inputSize, units] = [r.int(2, 6), r.int(1, 3), r.int(2, 9), r.int(2, 11)];
  const timeMajor = r.int(0, 1) === 1;
  const scale = (): QuantizedScale => [r.int(1 << 30, 2147483647), r.int(-22, 1)];
  const attrs: SequenceLstmAttrs = {
    timeMajor,
    inputScales: [scale(), scale(), scale(), scale()],
    recurrentScales: [scale(), scale(), scale(), scale()],
    forgetCell: [1073741824, -14],
    inputCell: [1073741824, r.int(-20, -14)],
    hidden: scale(),
    hiddenZeroPoint: r.int(-128, 127),
    cellTanh: r.int(0, 1) === 1 ? [0, r.int(0, 3)] : [3, r.int(1, 3)],
    cellClip: r.int(0, 1) === 1 ? r.int(100, 30000) : 0,
    cellGate: 'tanh',
  };
  const shape = timeMajor ? [time, batch, inputSize] : [batch, time, inputSize];
  const graph = singleOp('sequence_lstm', attrs, [
    { dtype: 'i8', shape },
    { dtype: 'i8', shape: [4 * units, inputSize], data: randomData(r, 'i8', 4 * units * inputSize) },
    { dtype: 'i8', shape: [4 * units, units], data: randomData(r, 'i8', 4 * units * units) },
    { dtype: 'i32', shape: [4 * units], data: randomData(r, 'i32', 4 * units, [-200000, 200000]) },
    { dtype: 'i32', shape: [4 * units], data: randomData(r, 'i32', 4 * units, [-200000, 200000]) },
  ], { dtype: 'i8', shape: timeMajor ? [time, batch, units] : [batch, time, units] });
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
