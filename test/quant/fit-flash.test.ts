/**
 * Mixed widths under a whole-bundle flash budget (quant/fit-flash.ts), with
 * a stand-in for the compiler whose code grows with every layer that has
 * packed weights — the way narrow kernels' unpacking code behaves — so each
 * path is exercised on purpose: a fit at the first try, a second round that
 * charges the narrow kernels' code, and the two ways of not fitting.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importModel } from '../../compiler/import/index.js';
import { IngotError, type Graph } from '../../compiler/ir/index.js';
import { quantizeForFlash } from '../../compiler/quant/fit-flash.js';
import { constantBytes } from '../../compiler/quant/quantize-model.js';
import { sharedDir } from '../helpers/paths.js';
import { sineInputs } from '../helpers/quant-data.js';

const hello = importModel(new Uint8Array(readFileSync(join(sharedDir, 'models', 'tflm-hello-world', 'hello_world_float.tflite'))), 'hello_world_float');
const samples = sineInputs(16);
const CODE = 1000;

/** Layers whose weights are stored packed (4 or 2 bits). */
const packedLayers = (g: Graph): number => g.tensors.filter((t) => t.data !== undefined && (t.dtype === 'i4' || t.dtype === 'i2')).length;

/** A compiler stand-in: fixed code, plus `perPacked` bytes of code per layer with packed weights. */
const flashWith = (perPacked: number) => async (g: Graph): Promise<number> => CODE + perPacked * packedLayers(g) + constantBytes(g);

// hello_world_float at int8: 420 bytes of constant data, of which weights 16 + 256 + 16.
test('a budget the all-int8 bundle fits keeps every layer at 8 bits, in one round', async (t) => {
  const r = await quantizeForFlash(hello, samples, { evalSamples: [] }, CODE + 420, flashWith(50));
  t.deepEqual(r.report.mixed!.layers.map((l) => l.bits), [8, 8, 8]);
  t.like(r.fit, { rounds: 1, int8OverheadBytes: CODE, weightBudgetBytes: 420, flashBytes: CODE + 420 });
});

test('when narrow kernels push the first choice over, their code is charged and the second round fits', async (t) => {
  const budget = CODE + 420 - 100;
  const flashOf = flashWith(50);
  const r = await quantizeForFlash(hello, samples, { evalSamples: [] }, budget, flashOf);
  t.is(r.fit.rounds, 2);
  t.is(r.fit.flashBytes, await flashOf(r.graph));
  t.true(r.fit.flashBytes <= budget, `${r.fit.flashBytes} <= ${budget}`);
  t.is(r.fit.weightBudgetBytes, budget - CODE - 50 * packedLayers(r.graph));
  t.true(r.report.mixed!.layers.some((l) => l.bits < 8));
});

test('a budget below the code plus 2-bit weights fails before any width search', async (t) => {
  const e = await t.throwsAsync(quantizeForFlash(hello, samples, { evalSamples: [] }, CODE + 150, flashWith(0)), { instanceOf: IngotError });
  t.is((e as IngotError).code, 'size/over-flash');
  // 420 bytes at int8 less 3/4 of the 288 weight bytes: 204 bytes at 2 bits.
  t.regex(e!.message, /cannot fit --max-flash 1150 bytes even with every weight at 2 bits: code and tables ~1000 \+ constant data at least 204 bytes/);
});

test('when narrow kernels cost more code than their weights save, nothing fits and the diagnostic says why', async (t) => {
  const e = await t.throwsAsync(quantizeForFlash(hello, samples, { evalSamples: [] }, CODE + 400, flashWith(5000)), { instanceOf: IngotError });
  t.is((e as IngotError).code, 'size/over-flash');
  t.regex(e!.message, /^no per-layer weight widths fit the bundle in --max-flash 1400 bytes: the closest choice \(widths [248],[248],[248]\) needs about \d+ bytes/);
});
