/**
 * Calibration samples from the file system, in the forms users have them:
 *
 * - a folder of .npy files, one sample or a batch [N, …] each, taken in
 *   name order; for a model with several inputs, files named
 *   `<sample>.in<k>.npy` (k = input index, as in the oracle folders);
 * - an .npz archive (numpy.savez): members named after the model's inputs
 *   (tensor name or `in<k>`), or, for a one-input model, every member in
 *   archive order;
 * - one .npy file (a batch for a one-input model);
 * - raw little-endian files with a given shape (and dtype, default the
 *   input's): one file, or a folder of them, each holding one or more
 *   samples back to back.
 *
 * float64 arrays are accepted and converted to float32. Problems are
 * diagnostics naming the file, the input and the expected shape.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { byteSize, dataFromBytes, elementCount, fail, formatShape, type DType, type Graph } from '../ir/index.js';
import { parseNpy, type NpyArray } from '../io/npy.js';
import { parseNpz } from '../io/npz.js';
import type { Sample } from './calibrate.js';
import { samplesFromArrays } from './samples.js';

export interface SampleFileOptions {
  /** Shape of one raw sample (raw files only). */
  rawShape?: number[];
  /** Element type of raw files (default: the model input's). */
  rawDtype?: DType;
}

type Sourced = { array: NpyArray; source: string };

const RAW_EXTENSIONS = new Set(['.bin', '.raw', '.dat']);

/** Loads samples for `g` from a folder, .npz, .npy or raw file. */
export function loadSamples(g: Graph, path: string, options: SampleFileOptions = {}): Sample[] {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    return fail('calib/not-found', `calibration data '${path}' does not exist`, { hint: 'pass a folder of .npy files, an .npz, or raw files with --calib-shape' });
  }
  const read = (p: string): Uint8Array => new Uint8Array(readFileSync(p));
  const npy = (p: string): NpyArray => parseNpy(read(p), p, { float64ToFloat32: true });
  const ext = extname(path).toLowerCase();

  if (isDir) {
    const files = readdirSync(path).filter((f) => statSync(join(path, f)).isFile()).sort();
    const npyFiles = files.filter((f) => f.toLowerCase().endsWith('.npy'));
    if (npyFiles.length > 0) return samplesFromArrays(g, byInput(g, npyFiles.map((f) => ({ file: f, load: () => npy(join(path, f)) })), path));
    const rawFiles = files.filter((f) => RAW_EXTENSIONS.has(extname(f).toLowerCase()));
    if (rawFiles.length > 0) return samplesFromArrays(g, [rawFiles.map((f) => raw(g, read(join(path, f)), join(path, f), options))]);
    return fail('calib/not-found', `calibration folder '${path}' holds no .npy (or raw .bin/.raw/.dat) files`);
  }
  if (ext === '.npz') return samplesFromArrays(g, npzByInput(g, parseNpz(read(path), path, { float64ToFloat32: true }), path));
  if (ext === '.npy') return samplesFromArrays(g, [[{ array: npy(path), source: path }]]);
  return samplesFromArrays(g, [[raw(g, read(path), path, options)]]);
}

/** Groups .npy files by model input: `<sample>.in<k>.npy` for several inputs, every file otherwise. */
function byInput(g: Graph, files: Array<{ file: string; load: () => NpyArray }>, dir: string): Sourced[][] {
  if (g.inputs.length === 1) return [files.map((f) => ({ array: f.load(), source: f.file }))];
  return g.inputs.map((_, k) => {
    const mine = files.filter((f) => f.file.endsWith(`.in${k}.npy`));
    if (mine.length === 0) {
      fail('calib/count', `calibration folder '${dir}' has no files for input ${k} '${g.tensors[g.inputs[k]!]!.name}'`, {
        hint: `a model with ${g.inputs.length} inputs needs files named <sample>.in<k>.npy, k = 0..${g.inputs.length - 1}`,
      });
    }
    return mine.map((f) => ({ array: f.load(), source: basename(f.file) }));
  });
}

function npzByInput(g: Graph, members: Array<{ name: string; array: NpyArray }>, path: string): Sourced[][] {
  const named = g.inputs.map((i, k) => members.find((m) => m.name === g.tensors[i]!.name || m.name === `in${k}`));
  if (named.every((m) => m !== undefined)) return named.map((m) => [{ array: m!.array, source: `${path}:${m!.name}` }]);
  if (g.inputs.length === 1) return [members.map((m) => ({ array: m.array, source: `${path}:${m.name}` }))];
  return fail('calib/count', `'${path}' must hold one array per model input, named after the input (${g.inputs.map((i) => `'${g.tensors[i]!.name}'`).join(', ')}) or in0..in${g.inputs.length - 1}`, {
    hint: `it holds ${members.map((m) => m.name).join(', ') || 'no arrays'}`,
  });
}

/** A raw file as an array of N samples of the given shape. */
function raw(g: Graph, bytes: Uint8Array, source: string, options: SampleFileOptions): Sourced {
  const input = g.tensors[g.inputs[0]!]!;
  if (g.inputs.length !== 1) fail('calib/count', `raw calibration files work for one-input models; this model has ${g.inputs.length} inputs`, { hint: 'use <sample>.in<k>.npy files or an .npz' });
  if (!options.rawShape) {
    fail('calib/shape', `'${source}' is a raw file: give the shape of one sample`, { hint: `pass --calib-shape ${input.shape.join(',')}` });
  }
  const dtype = options.rawDtype ?? input.dtype;
  const per = byteSize(dtype, elementCount(options.rawShape));
  if (per === 0 || bytes.length % per !== 0) {
    fail('calib/shape', `raw file '${source}' has ${bytes.length} bytes, not a multiple of one ${dtype} sample of shape ${formatShape(options.rawShape)} (${per} bytes)`, {
      tensor: input.name,
      hint: `the model input '${input.name}' is ${input.dtype} ${formatShape(input.shape)}`,
    });
  }
  const n = bytes.length / per;
  return { array: { dtype, shape: [n, ...options.rawShape], data: dataFromBytes(dtype, bytes) }, source };
}
