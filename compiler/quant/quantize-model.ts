/**
 * Post-training quantization of a float graph: the library entry point.
 *
 *   quantizeModel(graph, samples, options) → { graph, report }
 *
 * The pipeline: fold biases and activations into their ops (fold.ts) →
 * calibrate on the samples (calibrate.ts) → plan int8 parameters for every
 * activation (plan-params.ts) → choose a weight width per layer (fixed by
 * the mode, or by measured sensitivity under a byte budget: mixed.ts) →
 * rewrite the graph for the int8 kernels (rewrite.ts) → measure accuracy
 * against the float graph (evaluate.ts). The input graph is not changed.
 */
import { byteSize, elementCount, fail, type Graph } from '../ir/index.js';
import type { RangeMethod } from './activation-params.js';
import { calibrate, type ProgressFn, type Sample } from './calibrate.js';
import { evaluateAccuracy, type LayerAccuracy, type OutputAccuracy } from './evaluate.js';
import { foldForQuantization } from './fold.js';
import { chooseWidths, WIDTHS, type LayerCosts, type MixedChoice } from './mixed.js';
import { planActivationParams } from './plan-params.js';
import { rewriteQuantized, type RewriteResult } from './rewrite.js';
import { QUANT_RULES, requireInt8Forms } from './rules.js';
import { checkSamples } from './samples.js';
import { measureSensitivity } from './sensitivity.js';
import { weightStorageBytes, type QuantizedWeights, type WeightBits } from './weights.js';

export type QuantMode = 'int8' | 'w4' | 'w2' | 'mixed';

export const QUANT_MODES: readonly QuantMode[] = ['int8', 'w4', 'w2', 'mixed'];
export const RANGE_METHODS: readonly RangeMethod[] = ['minmax', 'percentile', 'mse'];

export interface QuantizeOptions {
  /** int8 weights everywhere, 4- or 2-bit weights everywhere, or per-layer widths under `maxFlashBytes`. */
  mode: QuantMode;
  /**
   * How activation ranges are chosen from calibration. Default `percentile`
   * at 99.999: TFLite's min/max with the rarest outliers (1 in 100,000
   * values per side) dropped, which measurably beats plain min/max on
   * MobileNet-style models and changes nothing on small ones.
   */
  range?: RangeMethod;
  /** Percentile kept by `range: 'percentile'` (default 99.999). */
  percentile?: number;
  /** Budget for all constant data (weights, biases): required for `mixed`, checked for every mode. */
  maxFlashBytes?: number;
  /** float: QUANTIZE/DEQUANTIZE at the edges keep float inputs and outputs (default); int8: int8 I/O. */
  io?: 'float' | 'int8';
  /** Per-channel fully-connected weights (default true; false gives per-tensor as older converters). */
  perChannelDense?: boolean;
  /** Samples the accuracy report uses (default: the calibration samples; none skips the evaluation). */
  evalSamples?: readonly Sample[];
  /** Correct every layer's bias for the mean shift its weight rounding causes (default true). */
  biasCorrection?: boolean;
  /** Calibration samples used to measure per-layer sensitivity in mixed mode (default 16). */
  sensitivitySamples?: number;
  onProgress?: ProgressFn;
}

export interface LayerReport extends Omit<LayerAccuracy, 'stats'> {
  /** Error of the op's output against the float model; null when nothing was evaluated. */
  stats: LayerAccuracy['stats'] | null;
  /** Weight width of a layer with weights; null for ops without. */
  weightBits: WeightBits | null;
  /** Bytes of the op's weights in the quantized model. */
  weightBytes: number;
}

export interface QuantReport {
  model: string;
  mode: QuantMode;
  range: RangeMethod;
  io: 'float' | 'int8';
  calibrationSamples: number;
  evaluationSamples: number;
  /** Constant data (weights, biases, other constants) of the float, all-int8 and produced models. */
  constantBytes: { float: number; int8: number; quantized: number };
  outputs: OutputAccuracy[];
  layers: LayerReport[];
  mixed?: MixedChoice;
}

export interface QuantizeResult {
  graph: Graph;
  report: QuantReport;
}

export const DEFAULT_PERCENTILE = 99.999;

const MODE_BITS: Record<Exclude<QuantMode, 'mixed'>, WeightBits> = { int8: 8, w4: 4, w2: 2 };

export function quantizeModel(graph: Graph, samples: readonly Sample[], options: QuantizeOptions): QuantizeResult {
  requireQuantizable(graph);
  checkSamples(graph, samples);
  if (options.evalSamples && options.evalSamples.length > 0) checkSamples(graph, options.evalSamples, 'evaluation');
  if (options.mode === 'mixed' && options.maxFlashBytes === undefined) {
    fail('quant/bad-option', 'mixed precision needs a flash budget', { hint: 'pass --max-flash BYTES (the budget for weights and biases)' });
  }
  const range = options.range ?? 'percentile';
  const percentile = options.percentile ?? DEFAULT_PERCENTILE;
  const io = options.io ?? 'float';
  const folded = foldForQuantization(graph);
  const calib = calibrate(folded, samples, options.onProgress);
  const params = planActivationParams(folded, calib, { method: range, percentile });
  const layers = folded.ops.flatMap((op, i) => (QUANT_RULES[op.kind].weights ? [i] : []));
  const cache = new Map<string, QuantizedWeights>();
  const build = (bitsOf: (op: number) => WeightBits): RewriteResult =>
    rewriteQuantized(folded, params, {
      weightBits: bitsOf, io, perChannelDense: options.perChannelDense ?? true, cache,
      inputMeans: options.biasCorrection === false ? undefined : calib.inputMeans,
      inputVariances: calib.inputVariances,
    });

  const int8 = build(() => 8);
  const int8Bytes = constantBytes(int8.graph);
  const weightCount = (op: number): number => elementCount(folded.tensors[folded.ops[op]!.inputs[QUANT_RULES[folded.ops[op]!.kind].weights!.input]!]!.shape);
  let mixed: MixedChoice | undefined;
  let bitsOf: (op: number) => WeightBits;
  if (options.mode === 'mixed') {
    const sensitivitySet = samples.slice(0, Math.max(1, options.sensitivitySamples ?? 16));
    mixed = chooseMixedWidths(folded, build, layers, weightCount, int8Bytes, options.maxFlashBytes!, sensitivitySet, options.onProgress);
    const chosen = new Map(mixed.layers.map((l) => [l.index, l.bits]));
    bitsOf = (op) => chosen.get(op) ?? 8;
  } else {
    const bits = MODE_BITS[options.mode];
    bitsOf = () => bits;
  }
  const result = options.mode === 'int8' ? int8 : build(bitsOf);
  const quantizedBytes = constantBytes(result.graph);
  if (options.maxFlashBytes !== undefined && quantizedBytes > options.maxFlashBytes) {
    fail('quant/over-budget', `the ${options.mode} model's constant data is ${quantizedBytes} bytes, over the ${options.maxFlashBytes}-byte budget`, {
      hint: 'use --mode mixed to choose narrower widths per layer, or raise --max-flash',
    });
  }

  const evalSamples = options.evalSamples ?? samples;
  const accuracy = evalSamples.length > 0
    ? evaluateAccuracy(folded, result.graph, result.tensorMap, evalSamples, options.onProgress)
    : { outputs: [], layers: folded.ops.map((op, index) => ({ index, kind: op.kind, name: op.name, stats: null })) };
  const layerSet = new Set(layers);
  const report: QuantReport = {
    model: graph.name,
    mode: options.mode,
    range,
    io,
    calibrationSamples: samples.length,
    evaluationSamples: evalSamples.length,
    constantBytes: { float: constantBytes(graph), int8: int8Bytes, quantized: quantizedBytes },
    outputs: accuracy.outputs,
    layers: accuracy.layers.map((l) => {
      const has = layerSet.has(l.index);
      const bits = has ? bitsOf(l.index) : null;
      return { ...l, weightBits: bits, weightBytes: has ? weightStorageBytes(weightCount(l.index), bits!) : 0 };
    }),
    ...(mixed ? { mixed } : {}),
  };
  return { graph: result.graph, report };
}

/** Measures each layer's sensitivity on `samples` and picks the widths that fit `budget` (mixed.ts). */
function chooseMixedWidths(
  folded: Graph, build: (bitsOf: (op: number) => WeightBits) => RewriteResult, layers: readonly number[],
  weightCount: (op: number) => number, int8Bytes: number, budget: number, samples: readonly Sample[], onProgress?: ProgressFn,
): MixedChoice {
  const s = measureSensitivity(folded, (bitsOf) => {
    const r = build(bitsOf);
    return {
      graph: r.graph,
      tensorMap: r.tensorMap,
      weightTensorOf: (op: number): number => {
        const qop = r.graph.ops[r.opMap[op]!]!;
        return qop.inputs[QUANT_RULES[qop.kind].weights!.input]!;
      },
    };
  }, layers, WIDTHS, samples, onProgress);
  const costs: LayerCosts[] = layers.map((op) => ({
    index: op,
    name: folded.ops[op]!.name,
    bytes: { 8: weightStorageBytes(weightCount(op), 8), 4: weightStorageBytes(weightCount(op), 4), 2: weightStorageBytes(weightCount(op), 2) },
    noise: s.noise.get(op)!,
  }));
  // Biases and other constants do not depend on the widths.
  const fixedBytes = int8Bytes - costs.reduce((n, c) => n + c.bytes[8], 0);
  return chooseWidths(costs, fixedBytes, budget, s.baseNoise);
}

/** Bytes of every constant tensor (weights, biases, other constants). */
export function constantBytes(g: Graph): number {
  return g.tensors.reduce((n, t) => n + (t.data !== undefined ? byteSize(t.dtype, elementCount(t.shape)) : 0), 0);
}

/**
 * Fails unless `g` can be quantized: a float model (nothing quantized yet)
 * whose every op has an int8 form — checked before any sample is read.
 */
export function requireQuantizable(g: Graph): void {
  requireFloatModel(g);
  requireInt8Forms(g);
}

function requireFloatModel(g: Graph): void {
  const bad = g.tensors.find((t) => t.quant !== undefined || (t.data === undefined && t.dtype !== 'f32'));
  if (bad) {
    fail('quant/not-float', `'${g.name}' is not a float model: tensor '${bad.name}' is ${bad.dtype}${bad.quant ? ' with quantization parameters' : ''}`, {
      tensor: bad.name,
      hint: 'quantize the float32 original of the model; this one is quantized already',
    });
  }
}
