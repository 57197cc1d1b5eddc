/**
 * File access for the CLI: reading models and .npy arrays with diagnostics
 * instead of stack traces, and writing outputs atomically (a temporary file
 * renamed into place), so a failed command never leaves a half-written file.
 */
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { fail, type Graph } from '../ir/index.js';
import { importModel, type ImportOptions } from '../import/index.js';
import { makeDirectory, outputError } from '../bundle/directories.js';
import { MANIFEST_PATH } from '../bundle/manifest.js';
import { parseNpy, type NpyArray } from '../io/npy.js';
import { gunzipIfCompressed, MAX_INPUT_BYTES } from '../io/gzip.js';

export function readInputFile(path: string, what: string): Uint8Array {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) {
      if (existsSync(join(path, MANIFEST_PATH))) {
        fail('model/not-found', `${what} '${path}' is an Ingot bundle folder, not a model`, { hint: "'ingot run', 'ingot report' and 'ingot bench' take bundles" });
      }
      fail('model/not-found', `${what} '${path}' is a directory, not a file`);
    }
    size = st.size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') fail('model/not-found', `${what} '${path}' does not exist`);
    throw e;
  }
  if (size > MAX_INPUT_BYTES) fail('tflite/too-large', `${what} '${path}' is ${size} bytes; Ingot reads files up to 2 GiB`);
  return gunzipIfCompressed(new Uint8Array(readFileSync(path)), `${what} '${path}'`);
}

export function readNpyFile(path: string): NpyArray {
  return parseNpy(readInputFile(path, 'input array'), path);
}

/** A model's display name: its file name without the extension (and without a `.gz` after it). */
export function modelNameOf(path: string): string {
  const file = basename(path).replace(/\.gz$/i, '');
  return basename(file, extname(file));
}

/** The model file at `path`, imported (its stem names the model; the path names the file in errors about it). */
export function importModelFile(path: string, options: Omit<ImportOptions, 'source'> = {}): Graph {
  return importModel(readInputFile(path, 'model'), modelNameOf(path), { ...options, source: path });
}

export function writeFileAtomic(path: string, bytes: Uint8Array | string): void {
  stageFile(path, bytes).commit();
}

/** A file written beside its destination, moved into place by commit() or removed by discard(). */
export interface StagedFile {
  commit(): void;
  discard(): void;
}

/**
 * Writes `bytes` to a temporary file next to `path`, so a command writing
 * several outputs can put them all in place only once every one is ready.
 */
export function stageFile(path: string, bytes: Uint8Array | string): StagedFile {
  if (existsSync(path) && statSync(path).isDirectory()) fail('output/exists', `'${path}' is a folder`, { hint: 'give a file name for this output' });
  makeDirectory(dirname(path) || '.');
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, bytes);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw outputError(e, path);
  }
  return {
    commit() {
      try {
        renameSync(tmp, path);
      } catch (e) {
        rmSync(tmp, { force: true });
        throw outputError(e, path);
      }
    },
    discard() {
      rmSync(tmp, { force: true });
    },
  };
}

/**
 * Where `ingot run` keeps built bundles: $INGOT_CACHE_DIR, else
 * $XDG_CACHE_HOME/ingot, else ~/.cache/ingot.
 */
export function cacheDir(): string {
  const env = process.env;
  if (env['INGOT_CACHE_DIR']) return env['INGOT_CACHE_DIR'];
  return join(env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'ingot', 'builds');
}
