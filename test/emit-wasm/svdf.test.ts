/**
 * The SVDF kernels (C and wasm, SIMD and plain modules) against the
 * reference executor on random single-op graphs, in forms the oracle's two
 * keyword models do not take: several batch rows, rank 2 and 3, int8 state
 * with a zero point that pushes new state values past the int8 range (they
 * wrap, as TFLite Micro stores them), int16 state, and feature scales above
 * one. Several runs in a row, so the state's shift and memory are covered.
 */
import test from 'ava';
import { emitWasmBundle, openWasmBundle } from '../../compiler/emit-wasm/index.js';
import { ReferenceExecutor, type RunInput } from '../../compiler/exec/reference.js';
import type { Graph, QuantizedScale, SvdfAttrs, Tensor } from '../../compiler/ir/index.js';
import { cBackend } from '../conformance/c-backend.js';
import { randomData, Rng } from './single-op-graphs.js';

function randomSvdf(seed: number, stateType: 'i8' | 'i16'): { graph: Graph; inputs: RunInput[] } {
  const r = new Rng(seed);
  const [batch, inputSize, rank, units, memory] = [r.int(1, 3), r.int(2, 12), r.int(1, 3), r.int(1, 6), r.int(2, 9)];
  const filters = rank * units;
  const scale = (shifts: [number, number]): QuantizedScale => [r.int(1 << 30, 2147483647), r.int(shifts[0], shifts[1])];
  const stateZeroPoint = stateType === 'i8' ? r.int(-60, 60) : 0;
  const attrs: SvdfAttrs = {
    rank, featureScale: scale([-9, 1]), outputScale: scale(stateType === 'i8' ? [-9, -3] : [-17, -11]),
    inputZeroPoint: r.int(-128, 127), stateZeroPoint, outputZeroPoint: r.int(-128, 0),
  };
  const tensors: Tensor[] = [
    { name: 'x', dtype: 'i8', shape: [batch, inputSize] },
    { name: 'wf', dtype: 'i8', shape: [filters, inputSize], data: randomData(r, 'i8', filters * inputSize) },
    { name: 'wt', dtype: stateType, shape: [filters, memory], data: randomData(r, stateType, filters * memory, stateType === 'i8' ? [-127, 127] : [-3000, 3000]) },
    { name: 'bias', dtype: 'i32', shape: [units], data: randomData(r, 'i32', units, [-20000, 20000]) },
    { name: 'y', dtype: 'i8', shape: [batch, units] },
    { name: 'state', dtype: stateType, shape: [batch, filters * memory], quant: { scale: [0.01], zeroPoint: [stateZeroPoint], axis: 0 }, persistent: true },
  ];
  const graph: Graph = {
    name: 'svdf', source: 'test', tensors,
    ops: [{ kind: 'svdf', name: 'svdf', inputs: [0, 1, 2, 3], outputs: [4, 5], attrs }],
    inputs: [0], outputs: [4],
  };
  const inputs = Array.from({ length: 4 }, () => ({ dtype: 'i8' as const, shape: [batch, inputSize], data: randomData(r, 'i8', batch * inputSize) as Int8Array }));
  return { graph, inputs };
}

for (const stateType of ['i8', 'i16'] as const) {
  for (const seed of [1, 2, 3, 4, 5]) {
    test(`SVDF, ${stateType} state, seed ${seed}: four runs in a row equal the reference in wasm; the first in C`, async (t) => {
      const { graph, inputs } = randomSvdf(seed * 104729 + (stateType === 'i8' ? 0 : 7), stateType);
      const exec = new ReferenceExecutor(graph);
      const expected = inputs.map((x) => Array.from(exec.run([x])[0] as Int8Array));
      for (const simd of [true, false]) {
        const model = await openWasmBundle(await emitWasmBundle(graph, { name: 'svdf' }), { simd });
        t.deepEqual(inputs.map((x) => Array.from(model.run([x])[0] as Int8Array)), expected, `wasm ${simd ? 'SIMD' : 'plain'}`);
      }
      // The C test driver resets before each case: each input is a first run.
      const c = await cBackend.run(graph, inputs.map((x) => [x]));
      inputs.forEach((x, k) => {
        exec.reset();
        t.deepEqual(Array.from(c[k]![0] as Int8Array), Array.from(exec.run([x])[0] as Int8Array), `C, input ${k}`);
      });
    });
  }
}

test('an int8 state value pushed past the range by its zero point wraps, as TFLite Micro stores it', (t) => {
  // One filter of memory 2, feature scale 1 (m = 2^30, shift 1), state zero point -50: a feature sum of -100
  // clamps to -100, plus -50 is -150, stored as +106.
  const graph: Graph = {
    name: 'wrap', source: 'test',
    tensors: [
      { name: 'x', dtype: 'i8', shape: [1, 1] },
      { name: 'wf', dtype: 'i8', shape: [1, 1], data: Int8Array.from([1]) },
      { name: 'wt', dtype: 'i8', shape: [1, 2], data: Int8Array.from([0, 1]) },
      { name: 'bias', dtype: 'i32', shape: [1], data: Int32Array.from([0]) },
      { name: 'y', dtype: 'i8', shape: [1, 1] },
      { name: 'state', dtype: 'i8', shape: [1, 2], quant: { scale: [1], zeroPoint: [-50], axis: 0 }, persistent: true },
    ],
    ops: [{ kind: 'svdf', name: 'svdf', inputs: [0, 1, 2, 3], outputs: [4, 5], attrs: { rank: 1, featureScale: [1 << 30, 1], outputScale: [1 << 30, 1], inputZeroPoint: 0, stateZeroPoint: -50, outputZeroPoint: 0 } }],
    inputs: [0], outputs: [4],
  };
  const exec = new ReferenceExecutor(graph);
  // y = wt[1]·(106 − (−50)) = 156 → 127. Clamping after adding the zero point would store −128 and give −78.
  t.deepEqual(Array.from(exec.run([{ dtype: 'i8', shape: [1, 1], data: Int8Array.from([-100]) }])[0] as Int8Array), [127]);
});
