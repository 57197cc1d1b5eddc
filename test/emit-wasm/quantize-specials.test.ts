/**
 * TFLite QUANTIZE from float32 on values a real input can hold — NaN, ±inf,
 * magnitudes past int32 — in the WebAssembly modules: the reference's bytes
 * (a NaN stores as 0, infinities saturate), never a trap. A NaN used to
 * reach a trapping truncation ("float unrepresentable in integer range").
 */
import test from 'ava';
import { emitWasmBundle, runWasmBundle } from '../../compiler/emit-wasm/index.js';
import { ReferenceExecutor } from '../../compiler/exec/reference.js';
import { compareOutput } from '../helpers/compare.js';
import { q, singleOp } from './single-op-graphs.js';

const SPECIALS = [NaN, Infinity, -Infinity, 3e9, -3e9, 1e38, -0, 0.5, -0.5, 1.25, -127.4, 300];

for (const [dtype, zeroPoint] of [['i8', -3], ['i16', 0], ['i32', 7]] as const) {
  test(`QUANTIZE f32 to ${dtype}: NaN, infinities and out-of-range values give the reference's values in both modules`, async (t) => {
    const g = singleOp('quantize', {}, [{ dtype: 'f32', shape: [SPECIALS.length] }], { dtype, quant: q(0.25, zeroPoint) });
    const inputs = [{ dtype: 'f32' as const, shape: [SPECIALS.length], data: Float32Array.from(SPECIALS) }];
    const expected = new ReferenceExecutor(g).run(inputs);
    const bundle = await emitWasmBundle(g, { name: 'quantize' });
    for (const simd of [true, false]) {
      const [out] = await runWasmBundle(bundle, inputs, { simd });
      t.is(compareOutput(out!, expected[0]!), undefined, simd ? 'SIMD' : 'plain');
    }
    t.is(Number(expected[0]![0]), 0, 'the reference stores a NaN as 0');
  });
}
