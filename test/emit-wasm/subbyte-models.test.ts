/**
 * Whole models with packed 4- and 2-bit weights on WebAssembly: the float
 * vww_96, magic_wand and hello_world models quantized by Ingot (w4 and w2,
 * the same deterministic quantization as the C tests, from
 * test/helpers/quantized-models.ts), emitted as wasm bundles and run in
 * Node — SIMD and plain modules, 24 evaluation inputs each (disjoint from
 * the calibration set) — equal to the reference executor bit for bit.
 * Each module's constants must stay below those of the same model
 * quantized to int8 (the weights stay packed).
 */
import test from 'ava';
import { emitWasmModules } from '../../compiler/emit-wasm/emit.js';
import { emitWasmBundle, openWasmBundle } from '../../compiler/emit-wasm/index.js';
import type { QuantMode } from '../../compiler/quant/quantize-model.js';
import { quantizedVariants, rawBytes } from '../helpers/quantized-models.js';

const EVAL_COUNT = 24;
const MODES: readonly QuantMode[] = ['int8', 'w4', 'w2'];

const variants = quantizedVariants(MODES, EVAL_COUNT);

for (const v of variants.filter((x) => x.mode !== 'int8')) {
  test(`${v.model} ${v.mode} on wasm (SIMD and plain) equals the reference bit for bit on ${EVAL_COUNT} inputs`, async (t) => {
    const { graph } = v;
    const bits = v.mode === 'w4' ? 'i4' : 'i2';
    const packed = graph.tensors.filter((x) => x.dtype === bits && x.data !== undefined);
    t.true(packed.length > 0, `the ${v.mode} model has ${bits} weights`);
    const bundle = await emitWasmBundle(graph, { name: v.model });
    const modules = await Promise.all([openWasmBundle(bundle, { simd: true }), openWasmBundle(bundle, { simd: false })]);
    t.true(v.inputs.length >= 20);
    const distinct = new Set<string>();
    for (const [k, sample] of v.inputs.entries()) {
      const expected = v.expected[k]!;
      distinct.add(rawBytes(expected[0]!).toString('hex'));
      for (const m of modules) {
        const outs = m.run(sample);
        outs.forEach((o, i) => t.true(rawBytes(o).equals(rawBytes(expected[i]!)), `${m.simd ? 'SIMD' : 'plain'} input ${k} output ${i}`));
      }
    }
    t.true(distinct.size > 1, 'the inputs give different outputs');
    const int8Graph = variants.find((x) => x.model === v.model && x.mode === 'int8')!.graph;
    const { modules: emitted } = await emitWasmModules(graph);
    const { modules: int8 } = await emitWasmModules(int8Graph);
    emitted.forEach((m, i) => {
      t.log(`${m.simd ? 'SIMD' : 'plain'}: ${m.constantBytes} B of constants (int8: ${int8[i]!.constantBytes} B)`);
      t.true(m.constantBytes < int8[i]!.constantBytes);
    });
  });
}
