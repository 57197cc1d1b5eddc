/**
 * The quantization step of `ingot compile MODEL --quantize MODE --calib
 * SAMPLES`: its flags, their combinations (checked before the model is
 * read, so a wrong command line costs nothing), and quantizing the float
 * graph — for `mixed`, with per-layer widths chosen so the whole bundle
 * fits --max-flash (quant/fit-flash.ts). It hands back the quantized graph,
 * the report as a bundle file and the text for the terminal; compile.ts
 * does the rest.
 */
import type { Options } from 'yargs';
import { uncompressedOutput } from './output-name.js';
import type { BundleFile } from '../bundle/types.js';
import { fail, IngotError, type Graph } from '../ir/index.js';
import { quantizeForFlash, type FlashFit } from '../quant/fit-flash.js';
import { QUANT_MODES, quantizeModel, requireQuantizable, type QuantMode, type QuantReport } from '../quant/quantize-model.js';
import { formatQuantReport } from '../report/format-quant.js';
import { CALIB_OPTIONS, givenCalibFlags, loadCalibration, quantizeOptionsOf, withProgress, type CalibArgs } from './quant-options.js';

export interface CompileQuantArgs extends CalibArgs {
  quantize?: QuantMode;
  'emit-tflite'?: string;
  'max-flash'?: number;
}

/** Where the report sits in the bundle. */
export const QUANT_REPORT_PATH = 'report/quantization.json';

/** yargs definitions of compile's quantization flags. */
export const COMPILE_QUANT_OPTIONS = {
  quantize: { type: 'string', choices: QUANT_MODES, describe: 'quantize a float model first: int8, w4 or w2 weights, or mixed (per-layer widths that fit --max-flash); needs --calib' },
  ...CALIB_OPTIONS,
  'emit-tflite': { type: 'string', describe: 'with --quantize: also write the quantized model as .tflite here', coerce: uncompressedOutput('--emit-tflite', 'NAME.tflite') },
} as const satisfies Record<string, Options>;

/** Fails on flag combinations that cannot work, naming the flag. */
export function checkQuantFlags(args: CompileQuantArgs): void {
  if (args.quantize === undefined) {
    const stray = [...givenCalibFlags(args), ...(args['emit-tflite'] !== undefined ? ['--emit-tflite'] : [])];
    if (stray.length > 0) {
      fail('cli/bad-argument', `${stray.join(', ')} ${stray.length > 1 ? 'apply' : 'applies'} only with --quantize`, { hint: 'add --quantize int8|w4|w2|mixed to quantize the model before compiling' });
    }
    return;
  }
  if (args.calib === undefined) fail('cli/bad-argument', `--quantize ${args.quantize} needs calibration samples`, { hint: 'pass --calib SAMPLES (a folder of .npy, an .npz, or raw files)' });
  if (args.quantize === 'mixed' && args['max-flash'] === undefined) {
    fail('quant/bad-option', '--quantize mixed needs a flash budget to choose the widths for', { hint: "pass --max-flash BYTES, the bundle's flash budget (code + weights)" });
  }
}

export interface QuantizedForCompile {
  graph: Graph;
  report: QuantReport;
  fit?: FlashFit;
  /** The report as JSON, for the bundle. */
  reportFile: BundleFile;
  /** The report for the terminal. */
  text: string;
}

/**
 * Quantizes `graph` (after the pass pipeline) as the flags say. `flashOf`
 * compiles a graph for the target and returns its predicted flash; only
 * `mixed` uses it.
 */
export async function quantizeForCompile(graph: Graph, args: CompileQuantArgs & { quantize: QuantMode }, flashOf: (g: Graph) => Promise<number>): Promise<QuantizedForCompile> {
  requireFloatForCompile(graph);
  const set = loadCalibration(graph, args);
  const mode = args.quantize;
  const maxFlash = args['max-flash'];
  const { graph: quantized, report, fit } = await withProgress(async (onProgress) => {
    const options = quantizeOptionsOf(args, set, onProgress);
    if (mode === 'mixed') return quantizeForFlash(graph, set.samples, options, maxFlash!, flashOf);
    return { ...quantizeModel(graph, set.samples, { ...options, mode }), fit: undefined };
  });
  const json = JSON.stringify({ ...report, ...(fit ? { flashFit: fit } : {}) }, null, 2) + '\n';
  const fitLine = fit === undefined ? '' :
    `\nflash budget ${fit.maxFlashBytes} B: all-int8 code and tables ~${fit.int8OverheadBytes} B, so widths chosen for ${fit.weightBudgetBytes} B of constant data` +
    `${fit.rounds > 1 ? ` (${fit.rounds} rounds: narrow kernels need more code)` : ''}; widths ${fitWidths(report)}`;
  return { graph: quantized, report, ...(fit ? { fit } : {}), reportFile: { path: QUANT_REPORT_PATH, bytes: new TextEncoder().encode(json) }, text: formatQuantReport(report) + fitLine };
}

/** The chosen widths in layer order, e.g. `8,4,2`. */
function fitWidths(report: QuantReport): string {
  return (report.mixed?.layers ?? []).map((l) => l.bits).join(',');
}

/** requireQuantizable, with a hint that fits compile: the model can be compiled as it is. */
function requireFloatForCompile(graph: Graph): void {
  try {
    requireQuantizable(graph);
  } catch (e) {
    if (e instanceof IngotError && e.code === 'quant/not-float') {
      fail('quant/not-float', `${e.diagnostic.message}; --quantize takes a float model`, { ...(e.diagnostic.tensor !== undefined ? { tensor: e.diagnostic.tensor } : {}), hint: 'drop --quantize to compile it as it is, or quantize its float32 original' });
    }
    throw e;
  }
}
