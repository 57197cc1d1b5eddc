/**
 * Calibration samples checked against the model's inputs, and arrays split
 * into samples.
 *
 * An array for an input may hold one sample (the input's shape, or the same
 * element count) or a batch of them (a leading dimension N in front of the
 * input's shape, or N times its element count when the model's batch is 1).
 * Every problem names the input, the expected and the given shape, dtype or
 * count.
 */
import { elementCount, fail, formatShape, type Graph, type Tensor } from '../ir/index.js';
import type { NpyArray } from '../io/npy.js';
import type { Sample } from './calibrate.js';

const describe = (t: Tensor, k: number): string => `input ${k} '${t.name}'`;

/** How many samples of input tensor `t` an array holds; a diagnostic when it fits none. */
export function samplesInArray(a: NpyArray, t: Tensor, k: number, source: string): number {
  if (a.dtype !== t.dtype) {
    fail('calib/dtype', `calibration data for ${describe(t, k)} from ${source} is ${a.dtype}; the model expects ${t.dtype} ${formatShape(t.shape)}`, {
      tensor: t.name,
      hint: t.dtype === 'f32' ? 'save the samples as float32 (array.astype(numpy.float32))' : `save the samples as ${t.dtype}`,
    });
  }
  const per = elementCount(t.shape);
  const given = elementCount(a.shape);
  const sameShape = a.shape.length === t.shape.length && a.shape.every((d, i) => d === t.shape[i]);
  const batched = a.shape.length === t.shape.length + 1 && a.shape.slice(1).every((d, i) => d === t.shape[i]);
  const batchedNoBatchDim = t.shape[0] === 1 && a.shape.length === t.shape.length && a.shape.slice(1).every((d, i) => d === t.shape[i + 1]);
  if (sameShape) return 1;
  if (batched) return a.shape[0]!;
  if (batchedNoBatchDim) return a.shape[0]!;
  if (per > 0 && given === per) return 1;
  return fail('calib/shape', `calibration data for ${describe(t, k)} from ${source} has shape ${formatShape(a.shape)}; the model expects ${formatShape(t.shape)} (or [N,${t.shape.join(',')}] for N samples)`, {
    tensor: t.name,
    hint: 'reshape the samples to the model input shape',
  });
}

/** Splits an array into single samples of input tensor `t`. */
export function splitSamples(a: NpyArray, t: Tensor, k: number, source: string): NpyArray[] {
  const n = samplesInArray(a, t, k, source);
  const per = elementCount(t.shape);
  return Array.from({ length: n }, (_, i) => ({ dtype: t.dtype, shape: t.shape.slice(), data: a.data.slice(i * per, (i + 1) * per) }));
}

/**
 * Builds samples from per-input lists of arrays (each list in sample order)
 * and checks that every input has the same number of samples, at least `min`.
 */
export function samplesFromArrays(g: Graph, perInput: ReadonlyArray<ReadonlyArray<{ array: NpyArray; source: string }>>, min = 1): Sample[] {
  if (perInput.length !== g.inputs.length) {
    fail('calib/count', `the model has ${g.inputs.length} input(s) but calibration data for ${perInput.length} was given`, {
      hint: g.inputs.length > 1 ? 'name files <sample>.in<k>.npy (k = input index), or give an .npz with one array per input name' : undefined,
    });
  }
  const split = perInput.map((arrays, k) => {
    const t = g.tensors[g.inputs[k]!]!;
    return arrays.flatMap(({ array, source }) => splitSamples(array, t, k, source));
  });
  const counts = split.map((s) => s.length);
  split.forEach((s, k) => {
    const t = g.tensors[g.inputs[k]!]!;
    if (s.length < min) fail('calib/count', `calibration data for ${describe(t, k)} holds ${s.length} sample(s); at least ${min} needed`, { tensor: t.name });
    if (s.length !== counts[0]) {
      fail('calib/count', `calibration data for ${describe(t, k)} holds ${s.length} samples but input 0 has ${counts[0]}`, { tensor: t.name, hint: 'give every input the same number of samples' });
    }
  });
  return Array.from({ length: counts[0] ?? 0 }, (_, i) => split.map((s) => ({ dtype: s[i]!.dtype, shape: s[i]!.shape, data: s[i]!.data })));
}

/** Checks ready-made samples (library callers) against the graph's inputs. */
export function checkSamples(g: Graph, samples: readonly Sample[], what = 'calibration'): void {
  if (samples.length === 0) fail('calib/count', `no ${what} samples were given`, { hint: 'give at least one sample per model input' });
  samples.forEach((sample, n) => {
    if (sample.length !== g.inputs.length) fail('calib/count', `${what} sample ${n} has ${sample.length} array(s); the model has ${g.inputs.length} input(s)`);
    sample.forEach((a, k) => {
      const t = g.tensors[g.inputs[k]!]!;
      if (a.dtype !== t.dtype) fail('calib/dtype', `${what} sample ${n} for ${describe(t, k)} is ${a.dtype}; the model expects ${t.dtype}`, { tensor: t.name });
      if (elementCount(a.shape) !== elementCount(t.shape) || a.data.length !== elementCount(t.shape)) {
        fail('calib/shape', `${what} sample ${n} for ${describe(t, k)} has shape ${formatShape(a.shape)}; the model expects ${formatShape(t.shape)}`, { tensor: t.name });
      }
      // A NaN or infinity would become every range it reaches, and the quantized model would be garbage.
      if (a.data instanceof Float32Array) {
        const at = a.data.findIndex((v) => !Number.isFinite(v));
        if (at >= 0) {
          fail('calib/invalid', `${what} sample ${n} for ${describe(t, k)} holds ${Number.isNaN(a.data[at]) ? 'NaN' : 'an infinity'} at element ${at}`, {
            tensor: t.name,
            hint: 'activation ranges need finite values: drop or clean that sample',
          });
        }
      }
    });
  });
}
