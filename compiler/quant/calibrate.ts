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
import { ValueHistogram } from './histogram.js';

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
  samples.forEach((sample, k) => {
    exec.reset();
    exec.run(sample);
    for (const i of watched) histograms[i]!.add(exec.tensorData(i) as Float32Array);
    onProgress?.({ phase: 'calibrate', done: k + 1, total: samples.length });
  });
  return { histograms, samples: samples.length };
}
