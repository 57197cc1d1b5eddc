/**
 * `ingot quantize MODEL --calib SAMPLES -o OUT.tflite`: post-training
 * quantization of a float model (int8, 4- or 2-bit weights, or mixed widths
 * under --max-flash), written as a .tflite that TFLite Micro and TFLite
 * run, with the accuracy report on stdout (and as JSON with --report).
 * Progress goes to stderr, only when it is a terminal. Nothing is written
 * unless every step succeeded. `ingot compile --quantize` does the same in
 * one step with the bundle; both share quant-options.ts.
 */
import type { Argv } from 'yargs';
import { exportTflite } from '../../export/tflite/write.js';
import { QUANT_MODES, quantizeModel, requireQuantizable, type QuantMode } from '../../quant/quantize-model.js';
import { formatQuantReport } from '../../report/format-quant.js';
import { byteSizeOption } from '../byte-size.js';
import { importModelFile, writeFileAtomic } from '../files.js';
import { uncompressedOutput } from '../output-name.js';
import { CALIB_OPTIONS, loadCalibration, quantizeOptionsOf, withProgress, type CalibArgs } from '../quant-options.js';

interface QuantizeArgs extends CalibArgs {
  model: string;
  mode: QuantMode;
  'max-flash'?: number;
  output: string;
  report?: string;
  json: boolean;
}

export function quantizeCommand(y: Argv): Argv {
  return y.command<QuantizeArgs>(
    'quantize <model>',
    'Quantize a float model (int8, 4-bit or 2-bit weights, or mixed under a flash budget) and report what it cost in accuracy',
    (a) =>
      a
        .positional('model', { type: 'string', describe: 'a float32 .tflite model', demandOption: true })
        .option('mode', { type: 'string', choices: QUANT_MODES, default: 'int8', describe: 'weight widths: int8, w4, w2, or mixed (per layer, needs --max-flash)' })
        .options(CALIB_OPTIONS)
        .option('calib', { ...CALIB_OPTIONS.calib, demandOption: true })
        .option('max-flash', byteSizeOption('--max-flash', 'budget for weights and biases'))
        .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'where to write the quantized .tflite', coerce: uncompressedOutput('-o', 'NAME.tflite') })
        .option('report', { type: 'string', describe: 'also write the report as JSON here', coerce: uncompressedOutput('--report', 'NAME.json') })
        .option('json', { type: 'boolean', default: false, describe: 'print the report as JSON instead of text' })
        .example('$0 quantize vww_96_float.tflite --calib images/ -o vww_int8.tflite', 'int8, calibrated on a folder of .npy images')
        .example('$0 quantize model.tflite --mode mixed --max-flash 120000 --calib samples.npz -o small.tflite', 'per-layer widths under 120 kB') as unknown as Argv<QuantizeArgs>,
    async (args) => {
      const graph = importModelFile(args.model);
      requireQuantizable(graph);
      const set = loadCalibration(graph, args);
      const { graph: quantized, report } = await withProgress((onProgress) =>
        quantizeModel(graph, set.samples, { ...quantizeOptionsOf(args, set, onProgress), mode: args.mode, maxFlashBytes: args['max-flash'] }),
      );
      const tflite = exportTflite(quantized);
      writeFileAtomic(args.output, tflite);
      if (args.report !== undefined) writeFileAtomic(args.report, JSON.stringify(report, null, 2) + '\n');
      process.stdout.write((args.json ? JSON.stringify(report, null, 2) : formatQuantReport(report)) + '\n');
    },
  );
}
