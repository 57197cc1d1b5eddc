/**
 * Whole models with packed 4- and 2-bit weights on WebAssembly: the float
 * vww_96, magic_wand and hello_world models quantized by Ingot (w4 and w2,
 * deterministic calibration samples from test/helpers/quant-data.ts),
 * emitted as wasm bundles and run in Node — SIMD and plain modules, 24
 * evaluation inputs each (disjoint from the calibration set) — equal to the
 * reference executor bit for bit. Each module's constants must stay below
 * those of the same model quantized to int8 (the weights stay packed).
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emitWasmModules } from '../../compiler/emit-wasm/emit.js';
import { emitWasmBundle, openWasmBundle } from '../../compiler/emit-wasm/index.js';
import { ReferenceExecutor } from '../../compiler/exec/reference.js';
import { importModel } from '../../compiler/import/index.js';
import type { Graph, TensorData } from '../../compiler/ir/index.js';
import type { Sample } from '../../compiler/quant/calibrate.js';
import { quantizeModel, type QuantMode } from '../../compiler/quant/quantize-model.js';
import { sharedDir } from '../helpers/paths.js';
import { magicWandSamples, sineInputs, vwwImages } from '../helpers/quant-data.js';

const EVAL_COUNT = 24;

interface ModelCase {
  file: string;
  calibration: () => Sample[];
  evaluation: () => Sample[];
}

const MODELS: Record<string, ModelCase> = {
  vww_96_float: { file: 'mlperf-tiny-vww-mobilenet/vww_96_float.tflite', calibration: () => vwwImages(16, 1), evaluation: () => vwwImages(EVAL_COUNT, 2) },
  magic_wand: { file: 'tflm-magic-wand/magic_wand.tflite', calibration: () => magicWandSamples(32, 1), evaluation: () => magicWandSamples(EVAL_COUNT, 2) },
  hello_world_float: { file: 'tflm-hello-world/hello_world_float.tflite', calibration: () => sineInputs(200, 0.5), evaluation: () => sineInputs(EVAL_COUNT, 0.25) },
};

const sameBits = (a: TensorData, b: TensorData): boolean => a.length === b.length && Array.from(a as ArrayLike<number>).every((x, i) => Object.is(x, b[i]));

function quantized(name: string, mode: QuantMode): Graph {
  const c = MODELS[name]!;
  const float = importModel(new Uint8Array(readFileSync(join(sharedDir, 'models', c.file))), name);
  return quantizeModel(float, c.calibration(), { mode, evalSamples: [] }).graph;
}

for (const name of Object.keys(MODELS)) {
  for (const mode of ['w4', 'w2'] as const) {
    test(`${name} ${mode} on wasm (SIMD and plain) equals the reference bit for bit on ${EVAL_COUNT} inputs`, async (t) => {
      const graph = quantized(name, mode);
      const bits = mode === 'w4' ? 'i4' : 'i2';
      const packed = graph.tensors.filter((x) => x.dtype === bits && x.data !== undefined);
      t.true(packed.length > 0, `the ${mode} model has ${bits} weights`);
      const bundle = await emitWasmBundle(graph, { name });
      const modules = await Promise.all([openWasmBundle(bundle, { simd: true }), openWasmBundle(bundle, { simd: false })]);
      const exec = new ReferenceExecutor(graph);
      const samples = MODELS[name]!.evaluation();
      t.true(samples.length >= 20);
      const distinct = new Set<string>();
      for (const [k, sample] of samples.entries()) {
        exec.reset();
        const expected = exec.run(sample);
        distinct.add(Array.from(expected[0]! as ArrayLike<number>).join(','));
        for (const m of modules) {
          const outs = m.run(sample);
          outs.forEach((o, i) => t.true(sameBits(o, expected[i]!), `${m.simd ? 'SIMD' : 'plain'} input ${k} output ${i}`));
        }
      }
      t.true(distinct.size > 1, 'the inputs give different outputs');
      const { modules: emitted } = await emitWasmModules(graph);
      const { modules: int8 } = await emitWasmModules(quantized(name, 'int8'));
      emitted.forEach((m, i) => {
        t.log(`${m.simd ? 'SIMD' : 'plain'}: ${m.constantBytes} B of constants (int8: ${int8[i]!.constantBytes} B)`);
        t.true(m.constantBytes < int8[i]!.constantBytes);
      });
    });
  }
}
