/**
 * Ingot's int8 quantization against TFLite's own converter: float models
 * quantized by Ingot must be at least as close to their float original as
 * the int8 twins TFLite produced (../shared/models), on deterministic
 * inputs — top-1 agreement not lower, output SQNR not more than 1 dB lower;
 * for hello_world, the largest error against sin(x) over 1,000 points no
 * worse. magic_wand has no twin: it is held to fixed bars, with a 4-bit
 * check, and must still classify the real ring and slope recordings.
 *
 * Inputs (test/helpers/quant-data.ts): visual wake words uses RGB images
 * augmented from the two real person-detection photos; magic wand uses
 * augmented real accelerometer windows; hello world evenly spaced x. The
 * calibration and evaluation sets are disjoint.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReferenceExecutor } from '../../compiler/exec/reference.js';
import { importModel } from '../../compiler/import/index.js';
import type { Graph } from '../../compiler/ir/index.js';
import type { Sample } from '../../compiler/quant/calibrate.js';
import { quantizedInputs, realValues } from '../../compiler/quant/evaluate.js';
import { argmax, ErrorAccumulator, type ErrorStats } from '../../compiler/quant/metrics.js';
import { quantizeModel } from '../../compiler/quant/quantize-model.js';
import { sharedDir } from '../helpers/paths.js';
import { magicWandSamples, magicWandWindows, sineInputs, vwwImages } from '../helpers/quant-data.js';

const model = (rel: string): Graph => importModel(new Uint8Array(readFileSync(join(sharedDir, 'models', rel))), rel);

/** A quantized model's first output (dequantized) per sample. */
function outputs(g: Graph, samples: readonly Sample[]): ArrayLike<number>[] {
  const x = new ReferenceExecutor(g);
  return samples.map((s) => {
    x.reset();
    const out = x.run(quantizedInputs(g, s))[0]!;
    return realValues(g.tensors[g.outputs[0]!]!, out);
  });
}

function compare(reference: ArrayLike<number>[], quantized: ArrayLike<number>[], rowLength: number): ErrorStats {
  const acc = new ErrorAccumulator();
  reference.forEach((r, i) => acc.add(r, quantized[i]!, rowLength));
  return acc.finish();
}

test('hello_world: int8 by Ingot is closer to sin(x) and to the float model than TFLite\'s int8 twin', (t) => {
  const float = model('tflm-hello-world/hello_world_float.tflite');
  const twin = model('tflm-hello-world/hello_world_int8.tflite');
  const calib = sineInputs(500, 0.5);
  const points = sineInputs(1000);
  const { graph } = quantizeModel(float, calib, { mode: 'int8', evalSamples: points.slice(0, 1) });
  const f = outputs(float, points);
  const ours = outputs(graph, points);
  const theirs = outputs(twin, points);
  const maxSinError = (ys: ArrayLike<number>[]): number => Math.max(...ys.map((y, i) => Math.abs(y[0]! - Math.sin((points[i]![0]!.data as Float32Array)[0]!))));
  const oursSin = maxSinError(ours);
  const theirsSin = maxSinError(theirs);
  t.log(`max |y - sin x|: float ${maxSinError(f).toFixed(4)}, Ingot int8 ${oursSin.toFixed(4)}, TFLite int8 ${theirsSin.toFixed(4)}`);
  t.true(oursSin <= theirsSin, `Ingot ${oursSin} > twin ${theirsSin}`);
  const o = compare(f, ours, 1);
  const w = compare(f, theirs, 1);
  t.log(`SQNR vs float: Ingot ${o.sqnrDb?.toFixed(2)} dB, TFLite ${w.sqnrDb?.toFixed(2)} dB`);
  t.true(o.sqnrDb! >= w.sqnrDb! - 1);
});

test('vww_96: int8 by Ingot agrees with the float model at least as well as TFLite\'s int8 twin on 200 images', (t) => {
  const float = model('mlperf-tiny-vww-mobilenet/vww_96_float.tflite');
  const twin = model('mlperf-tiny-vww-mobilenet/vww_96_int8.tflite');
  const evalSet = vwwImages(200, 2);
  const { graph, report } = quantizeModel(float, vwwImages(64, 1), { mode: 'int8', evalSamples: [] });
  t.deepEqual(report.outputs, []);
  const f = outputs(float, evalSet);
  const o = compare(f, outputs(graph, evalSet), 2);
  const w = compare(f, outputs(twin, evalSet), 2);
  t.log(`top-1 agreement: Ingot ${o.top1Agreement}, TFLite ${w.top1Agreement}; SQNR: Ingot ${o.sqnrDb?.toFixed(2)} dB, TFLite ${w.sqnrDb?.toFixed(2)} dB`);
  t.true(o.top1Agreement! >= w.top1Agreement!);
  t.true(o.sqnrDb! >= w.sqnrDb! - 1);
});

test('magic_wand (no twin): int8 tracks the float model, 4-bit stays usable, both classify the real recordings', (t) => {
  const float = model('tflm-magic-wand/magic_wand.tflite');
  const calib = magicWandSamples(64, 1);
  const evalSet = magicWandSamples(200, 2);
  const int8 = quantizeModel(float, calib, { mode: 'int8', evalSamples: evalSet });
  const w4 = quantizeModel(float, calib, { mode: 'w4', evalSamples: evalSet });
  const s8 = int8.report.outputs[0]!.stats;
  const s4 = w4.report.outputs[0]!.stats;
  t.log(`int8: top-1 ${s8.top1Agreement}, SQNR ${s8.sqnrDb?.toFixed(2)} dB; w4: top-1 ${s4.top1Agreement}, SQNR ${s4.sqnrDb?.toFixed(2)} dB`);
  t.true(s8.top1Agreement! >= 0.95);
  t.true(s8.sqnrDb! >= 18);
  t.true(s4.top1Agreement! >= 0.7);
  t.true(w4.report.constantBytes.quantized < 0.6 * int8.report.constantBytes.quantized);
  const real = magicWandWindows().map((data): Sample => [{ dtype: 'f32', shape: [1, 128, 3, 1], data }]);
  for (const g of [int8.graph, w4.graph]) {
    const ys = outputs(g, real);
    t.is(argmax(ys[0]!, 0, 4), 1, 'ring');
    t.is(argmax(ys[1]!, 0, 4), 2, 'slope');
  }
});
