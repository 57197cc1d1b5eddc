/**
 * Compiling oracle models to C bundles, building them on this machine and
 * comparing what they compute with TFLite Micro's recorded outputs. Builds
 * go through the same cached Makefile path as `ingot run`, in a cache under
 * node_modules so reruns are fast; at most two compilers run at once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildHostBundle, type HostBuild } from '../../compiler/bundle/host-build.js';
import { runHostExample } from '../../compiler/bundle/host-run.js';
import { compile, type CompileResult } from '../../compiler/compile.js';
import { importModel } from '../../compiler/import/index.js';
import { parseNpy } from '../../compiler/io/npy.js';
import { compareOutput } from './compare.js';
import { modelBytes, oracleCaseList, oracleEntry } from './oracle.js';
import { oracleDir, repoRoot } from './paths.js';
import { scratchDir } from './scratch.js';

export const testCacheDir = join(repoRoot, 'node_modules', '.cache', 'ingot-tests');

/** Compiler settings a test builds with. */
export interface BuildVariant {
  id: string;
  make: Record<string, string>;
}

const STRICT = '-std=c99 -Wall -Wextra -Werror -pedantic';

export const GCC_O2_STRICT: BuildVariant = { id: 'gcc-O2', make: { CC: 'gcc', CFLAGS: `-O2 ${STRICT}` } };
export const CLANG_O2_STRICT: BuildVariant = { id: 'clang-O2', make: { CC: 'clang', CFLAGS: `-O2 ${STRICT}` } };
export const GCC_SANITIZE: BuildVariant = {
  id: 'gcc-asan-ubsan',
  make: { CC: 'gcc', CFLAGS: `-O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all ${STRICT}`, LDFLAGS: '-fsanitize=address,undefined' },
};

/** A counting semaphore: at most `n` tasks at once. */
export function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    while (running >= n) await new Promise<void>((r) => waiting.push(r));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/** Shared by every test file in one worker: two compilers at a time. */
export const withCompiler = limiter(2);

const compiledModels = new Map<string, CompileResult>();

/** The C bundle of an oracle model (compiled once per test worker). */
export function compileOracleModel(id: string): CompileResult {
  let r = compiledModels.get(id);
  if (r === undefined) {
    r = compile(importModel(modelBytes(oracleEntry(id)), id.split('__')[1] ?? id));
    compiledModels.set(id, r);
  }
  return r;
}

export function buildBundle(result: CompileResult, variant: BuildVariant): Promise<HostBuild> {
  return withCompiler(() => buildHostBundle(result.bundle.name, result.bundle.files, { cacheDir: join(testCacheDir, variant.id), make: variant.make }));
}

export interface OracleCaseFiles {
  name: string;
  inputs: string[];
  outputs: string[];
  /** Frames of a stream case (its files hold them stacked on a first axis, fed in order through one interpreter); 1 otherwise. */
  frames: number;
}

/** The oracle cases of a model as file paths (inputs and TFLite Micro's outputs). */
export function oracleCaseFiles(id: string): OracleCaseFiles[] {
  const dir = join(oracleDir, id);
  const list = oracleCaseList(id);
  return list.cases.map(({ name, frames }) => ({
    name,
    frames,
    inputs: Array.from({ length: list.inputs }, (_, i) => join(dir, `${name}.in${i}.npy`)),
    outputs: Array.from({ length: list.outputs }, (_, i) => join(dir, `${name}.out${i}.npy`)),
  }));
}

/** Differences between .npy files written by a bundle and the oracle's, as messages (empty when equal). */
export function compareFiles(actual: readonly string[], expected: readonly string[], label: string): string[] {
  return expected.flatMap((e, i) => {
    const a = parseNpy(new Uint8Array(readFileSync(actual[i]!)), actual[i]);
    const want = parseNpy(new Uint8Array(readFileSync(e)), e);
    const diff = compareOutput(a.data, want.data);
    return diff === undefined ? [] : [`${label} output ${i}: ${diff}`];
  });
}

/** Runs every oracle case through a built bundle's example program; returns the mismatches. */
export async function runOracleCases(build: HostBuild, id: string): Promise<{ cases: number; problems: string[] }> {
  const out = scratchDir('ingot-case-');
  const cases = oracleCaseFiles(id);
  const problems: string[] = [];
  for (const c of cases) {
    const outputs = c.outputs.map((_, i) => join(out, `${c.name}.out${i}.npy`));
    // A stream case's frames run in order from one reset (`-s`); its outputs come back stacked, as the oracle's.
    await runHostExample(build, c.inputs, outputs, { stream: c.frames > 1 });
    problems.push(...compareFiles(outputs, c.outputs, c.name));
  }
  return { cases: cases.length, problems };
}
