/**
 * `ingot quantize MODEL --calib SAMPLES -o OUT.tflite`: post-training
 * quantization of a float model (int8, 4- or 2-bit weights, or mixed widths
 * under --max-flash), written as a .tflite that TFLite Micro and TFLite
 * run, with the accuracy report on stdout (and as JSON with --report).
 * Progress goes to stderr, only when it is a terminal. Nothing is written
 * unless every step succeeded.
 */
import type { Argv } from 'yargs';
import { exportTflite } from '../../export/tflite/write.js';
import { importModel } from '../../import/index.js';
import { fail, type DType } from '../../ir/index.js';
import type { Progress } from '../../quant/calibrate.js';
import { DEFAULT_PERCENTILE, QUANT_MODES, quantizeModel, RANGE_METHODS, requireQuantizable, type QuantMode } from '../../quant/quantize-model.js';
import type { RangeMethod } from '../../quant/activation-params.js';
import { loadSamples } from '../../quant/sample-files.js';
import { formatQuantReport } from '../../report/format-quant.js';
import { modelNameOf, readInputFile, writeFileAtomic } from '../files.js';

interface QuantizeArgs {
  model: string;
  mode: QuantMode;
  calib: string;
  eval?: string;
  'calib-shape'?: string;
  'calib-dtype'?: string;
  'max-flash'?: number;
  range: RangeMethod;
  percentile: number;
  io: 'float' | 'int8';
  output: string;
  report?: string;
  json: boolean;
}

const RAW_DTYPES: readonly DType[] = ['f32', 'i8', 'u8', 'i16', 'i32'];

export function quantizeCommand(y: Argv): Argv {
  return y.command<QuantizeArgs>(
    'quantize <model>',
    'Quantize a float model (int8, 4-bit or 2-bit weights, or mixed under a flash budget) and report what it cost in accuracy',
    (a) =>
      a
        .positional('model', { type: 'string', describe: 'a float32 .tflite model', demandOption: true })
        .option('mode', { type: 'string', choices: QUANT_MODES, default: 'int8', describe: 'weight widths: int8, w4, w2, or mixed (per layer, needs --max-flash)' })
        .option('calib', { type: 'string', demandOption: true, describe: 'calibration samples: a folder of .npy, an .npz, an .npy batch, or raw files (with --calib-shape)' })
        .option('eval', { type: 'string', describe: 'samples for the accuracy report (default: the calibration samples)' })
        .option('calib-shape', { type: 'string', describe: 'shape of one raw sample, e.g. 1,96,96,3' })
        .option('calib-dtype', { type: 'string', choices: RAW_DTYPES, describe: "element type of raw samples (default: the model input's)" })
        .option('max-flash', { type: 'number', describe: 'budget in bytes for weights and biases' })
        .option('range', { type: 'string', choices: RANGE_METHODS, default: 'percentile', describe: 'activation ranges: observed min/max, a percentile of the values, or the error-minimising clip' })
        .option('percentile', { type: 'number', default: DEFAULT_PERCENTILE, describe: 'the percentile kept by --range percentile' })
        .option('io', { type: 'string', choices: ['float', 'int8'], default: 'float', describe: 'float I/O (QUANTIZE/DEQUANTIZE at the edges) or int8 I/O' })
        .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'where to write the quantized .tflite' })
        .option('report', { type: 'string', describe: 'also write the report as JSON here' })
        .option('json', { type: 'boolean', default: false, describe: 'print the report as JSON instead of text' })
        .example('$0 quantize vww_96_float.tflite --calib images/ -o vww_int8.tflite', 'int8, calibrated on a folder of .npy images')
        .example('$0 quantize model.tflite --mode mixed --max-flash 120000 --calib samples.npz -o small.tflite', 'per-layer widths under 120 kB') as unknown as Argv<QuantizeArgs>,
    (args) => {
      const graph = importModel(readInputFile(args.model, 'model'), modelNameOf(args.model));
      requireQuantizable(graph);
      const rawShape = args['calib-shape'] === undefined ? undefined : parseShape(args['calib-shape']);
      const fileOptions = { rawShape, rawDtype: args['calib-dtype'] as DType | undefined };
      const samples = loadSamples(graph, args.calib, fileOptions);
      const evalSamples = args.eval === undefined ? undefined : loadSamples(graph, args.eval, fileOptions);
      const progress = process.stderr.isTTY ? terminalProgress() : undefined;
      const { graph: quantized, report } = quantizeModel(graph, samples, {
        mode: args.mode,
        range: args.range,
        percentile: args.percentile,
        maxFlashBytes: args['max-flash'],
        io: args.io,
        evalSamples,
        onProgress: progress?.update,
      });
      progress?.done();
      const tflite = exportTflite(quantized);
      writeFileAtomic(args.output, tflite);
      if (args.report !== undefined) writeFileAtomic(args.report, JSON.stringify(report, null, 2) + '\n');
      process.stdout.write((args.json ? JSON.stringify(report, null, 2) : formatQuantReport(report)) + '\n');
    },
  );
}

function parseShape(text: string): number[] {
  const dims = text.split(/[,x ]+/).filter(Boolean).map(Number);
  if (dims.length === 0 || dims.some((d) => !Number.isInteger(d) || d <= 0)) {
    fail('cli/bad-argument', `--calib-shape '${text}' is not a shape`, { hint: 'give positive integers separated by commas, e.g. 1,96,96,3' });
  }
  return dims;
}

/** One self-overwriting status line on stderr. */
function terminalProgress(): { update: (p: Progress) => void; done: () => void } {
  let last = 0;
  return {
    update(p) {
      const now = Date.now();
      if (p.done !== p.total && now - last < 100) return;
      last = now;
      process.stderr.write(`\r\x1b[K${p.phase} ${p.done}/${p.total}`);
    },
    done() {
      process.stderr.write('\r\x1b[K');
    },
  };
}
