/**
 * Quantization on the command line, shared by `ingot quantize` and
 * `ingot compile --quantize`: the calibration and range options, loading
 * the samples they name, and running quantizeModel with one status line on
 * stderr when it is a terminal (never when it is a pipe or a file, so
 * scripted runs and logs stay clean).
 *
 * The options have no yargs defaults on purpose: quantizeModel applies its
 * own, and `compile` must tell whether a quantization flag was given
 * without --quantize.
 */
import type { Options } from 'yargs';
import { fail, type DType, type Graph } from '../ir/index.js';
import type { RangeMethod } from '../quant/activation-params.js';
import type { Progress, ProgressFn, Sample } from '../quant/calibrate.js';
import { DEFAULT_PERCENTILE, RANGE_METHODS, type QuantizeOptions } from '../quant/quantize-model.js';
import { loadSamples } from '../quant/sample-files.js';

/** The parsed calibration options (all optional: each command says which it needs). */
export interface CalibArgs {
  calib?: string;
  eval?: string;
  'calib-shape'?: string;
  'calib-dtype'?: string;
  range?: RangeMethod;
  percentile?: number;
  io?: 'float' | 'int8';
}

const RAW_DTYPES: readonly DType[] = ['f32', 'i8', 'u8', 'i16', 'i32'];

/** yargs definitions of the calibration options, keyed by flag. */
export const CALIB_OPTIONS = {
  calib: { type: 'string', describe: 'calibration samples: a folder of .npy, an .npz, an .npy batch, or raw files (with --calib-shape)' },
  eval: { type: 'string', describe: 'samples for the accuracy report (default: the calibration samples)' },
  'calib-shape': { type: 'string', describe: 'shape of one raw sample, e.g. 1,96,96,3' },
  'calib-dtype': { type: 'string', choices: RAW_DTYPES, describe: "element type of raw samples (default: the model input's)" },
  range: { type: 'string', choices: RANGE_METHODS, describe: 'activation ranges: observed min/max, a percentile of the values, or the error-minimising clip (default percentile)' },
  percentile: { type: 'number', describe: `the percentile kept by --range percentile (default ${DEFAULT_PERCENTILE})` },
  io: { type: 'string', choices: ['float', 'int8'], describe: 'float I/O (QUANTIZE/DEQUANTIZE at the edges, the default) or int8 I/O' },
} as const satisfies Record<keyof CalibArgs, Options>;

/** The calibration flags given on a command line, as `--flag` names. */
export function givenCalibFlags(args: CalibArgs): string[] {
  return (Object.keys(CALIB_OPTIONS) as Array<keyof CalibArgs>).filter((k) => args[k] !== undefined).map((k) => `--${k}`);
}

/** Samples for calibration and, when --eval names them, for the accuracy report. */
export interface CalibrationSet {
  samples: Sample[];
  evalSamples?: Sample[];
}

/** Loads the samples the options name, checked against the model's inputs (sample-files.ts). */
export function loadCalibration(graph: Graph, args: CalibArgs): CalibrationSet {
  if (args.calib === undefined) fail('cli/bad-argument', 'quantization needs calibration samples', { hint: 'pass --calib SAMPLES (a folder of .npy, an .npz, or raw files)' });
  const rawShape = args['calib-shape'] === undefined ? undefined : parseShape(args['calib-shape']);
  const fileOptions = { rawShape, rawDtype: args['calib-dtype'] as DType | undefined };
  const samples = loadSamples(graph, args.calib, fileOptions);
  return args.eval === undefined ? { samples } : { samples, evalSamples: loadSamples(graph, args.eval, fileOptions) };
}

/** The quantizeModel options the flags set (everything but the mode and budget). */
export function quantizeOptionsOf(args: CalibArgs, set: CalibrationSet, onProgress?: ProgressFn): Omit<QuantizeOptions, 'mode' | 'maxFlashBytes'> {
  return {
    ...(args.range !== undefined ? { range: args.range } : {}),
    ...(args.percentile !== undefined ? { percentile: args.percentile } : {}),
    ...(args.io !== undefined ? { io: args.io } : {}),
    ...(set.evalSamples !== undefined ? { evalSamples: set.evalSamples } : {}),
    ...(onProgress !== undefined ? { onProgress } : {}),
  };
}

/**
 * Runs `work` with a progress callback that draws on stderr when it is a
 * terminal (undefined otherwise), and clears the line however `work` ends.
 */
export async function withProgress<T>(work: (onProgress: ProgressFn | undefined) => T | Promise<T>): Promise<T> {
  if (!process.stderr.isTTY) return work(undefined);
  let last = 0;
  const update = (p: Progress): void => {
    const now = Date.now();
    if (p.done !== p.total && now - last < 100) return;
    last = now;
    process.stderr.write(`\r\x1b[K${p.phase} ${p.done}/${p.total}`);
  };
  try {
    return await work(update);
  } finally {
    process.stderr.write('\r\x1b[K');
  }
}

function parseShape(text: string): number[] {
  // Every separator between two numbers: '1,x' or '1,,3' is no shape.
  const dims = text.trim().split(/\s*[,x]\s*|\s+/).map((d) => (d === '' ? NaN : Number(d)));
  if (dims.length === 0 || dims.some((d) => !Number.isInteger(d) || d <= 0)) {
    fail('cli/bad-argument', `--calib-shape '${text}' is not a shape`, { hint: 'give positive integers separated by commas, e.g. 1,96,96,3' });
  }
  return dims;
}
