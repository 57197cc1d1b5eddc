/**
 * Calibration: run the float graph in the reference executor over sample
 * inputs and record, for every float activation tensor, the values it took
 * (exact min/max plus a histogram, see histogram.ts).
 *
 * The executor keeps every tensor in its own buffer, so after each run the
 * whole float state can be read; nothing is stored per sample.
 */
import { ReferenceExecutor, type RunInput } from '../exec/reference.js';
import type { Graph } from '../ir/index.js';
import { meanSlots } from './bias-correction.js';
import { ValueHistogram } from './histogram.js';
import { QUANT_RULES } from './rules.js';

/** One set of model inputs, in the order of the graph's inputs. */
export type Sample = RunInput[];

export interface Progress {
  phase: 'calibrate' | 'sensitivity' | 'evaluate';
  done: number;
  total: number;
}

export type ProgressFn = (p: Progress) => void;

export interface Calibration {
  /** One histogram per tensor index; undefined for constants and non-float tensors. */
  histograms: Array<ValueHistogram | undefined>;
  /** Mean input per channel (per depth position for fully connected) of each layer with weights, by op index. */
  inputMeans: Map<number, Float64Array>;
  /** Variance of the same inputs, per channel (weights the weight-rounding error: weights.ts). */
  inputVariances: Map<number, Float64Array>;
  samples: number;
}

/** Tensors calibration observes: every float tensor that is not a constant. */
export function observedTensors(g: Graph): number[] {
  const out: number[] = [];
  g.tensors.forEach((t, i) => {
    if (t.dtype === 'f32' && t.data === undefined) out.push(i);
  });
  return out;
}

export function calibrate(g: Graph, samples: readonly Sample[], onProgress?: ProgressFn): Calibration {
  const exec = new ReferenceExecutor(g);
  const watched = observedTensors(g);
  const histograms: Array<ValueHistogram | undefined> = g.tensors.map(() => undefined);
  for (const i of watched) histograms[i] = new ValueHistogram();
  const sums = layerInputSums(g);
  samples.forEach((sample, k) => {
    exec.reset();
    exec.run(sample);
    for (const i of watched) histograms[i]!.add(exec.tensorData(i) as Float32Array);
    for (const s of sums) {
      const x = exec.tensorData(s.input) as Float32Array;
      const slots = s.sum.length;
      for (let i = 0; i < x.length; i++) {
        s.sum[i % slots]! += x[i]!;
        s.squares[i % slots]! += x[i]! * x[i]!;
      }
      s.count += x.length / slots;
    }
    onProgress?.({ phase: 'calibrate', done: k + 1, total: samples.length });
  });
  const inputMeans = new Map(sums.map((s) => [s.op, s.sum.map((v) => (s.count > 0 ? v / s.count : 0))]));
  const inputVariances = new Map(sums.map((s) => [s.op, s.squares.map((v, i) => (s.count > 0 ? Math.max(0, v / s.count - (s.sum[i]! / s.count) ** 2) : 0))]));
  return { histograms, inputMeans, inputVariances, samples: samples.length };
}

/** Running sums of each weight layer's input, one slot per input channel. */
function layerInputSums(g: Graph): Array<{ op: number; input: number; sum: Float64Array; squares: Float64Array; count: number }> {
  return g.ops.flatMap((op, index) => {
    const w = QUANT_RULES[op.kind].weights;
    const input = g.tensors[op.inputs[0]!];
    const weights = w ? g.tensors[op.inputs[w.input]!] : undefined;
    if (!w || !input || !weights || input.dtype !== 'f32') return [];
    const slots = meanSlots(op.kind, weights.shape, input.shape);
    if (slots === 0 || input.shape.reduce((a, b) => a * b, 1) % slots !== 0) return [];
    return [{ op: index, input: op.inputs[0]!, sum: new Float64Array(slots), squares: new Float64Array(slots), count: 0 }];
  });
}
