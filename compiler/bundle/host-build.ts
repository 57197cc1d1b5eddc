/**
 * Building a host bundle with its own Makefile, in a cache folder keyed by
 * the content of its files and the make variables, so a bundle is compiled
 * once however often it runs. The build happens in a fresh folder renamed
 * into place when it succeeds; a compiler error becomes a `build/failed`
 * diagnostic quoting the compiler's first error line (the full output is
 * kept in a log file in the cache).
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fail } from '../ir/index.js';
import { CACHE_HINT, makeDirectory, outputError } from './directories.js';
import { writeFiles } from './folder.js';
import { sha256 } from './manifest.js';
import type { BundleFile } from './types.js';

export interface HostBuildOptions {
  /** Where builds are kept (one subfolder per bundle content and variables). */
  cacheDir: string;
  /** Make variables overriding the bundle's defaults, e.g. { CC: 'clang', CFLAGS: '-O2 -Werror' }. */
  make?: Readonly<Record<string, string>>;
  /** Make goal (default `example`). */
  goal?: string;
  /** The program the goal builds, relative to the bundle (default `build/<stem>_example`). */
  program?: string;
}

export interface HostBuild {
  /** The build folder (a copy of the bundle plus build/). */
  dir: string;
  /** The example program. */
  program: string;
  /** True when an earlier build was reused. */
  cached: boolean;
}

const MARKER = '.ingot-built';

/** The cache key: every file's path and hash, and the build variables. */
export function buildKey(files: readonly BundleFile[], opts: HostBuildOptions): string {
  const h = createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) h.update(`${f.path}\0${sha256(f.bytes)}\n`);
  h.update(JSON.stringify([opts.goal ?? 'example', opts.program ?? '', Object.entries(opts.make ?? {}).sort()]));
  return h.digest('hex').slice(0, 32);
}

/** The first line of compiler output that reports an error (or the first line at all). */
export function firstErrorLine(output: string): string {
  const lines = output.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  // Linkers report a full memory region without the word "error"; that line says more than collect2's summary.
  return lines.find((l) => /\berror\b|overflowed|will not fit|cannot move location counter|undefined reference/i.test(l)) ?? lines[0] ?? 'no output';
}

export async function buildHostBundle(stem: string, files: readonly BundleFile[], opts: HostBuildOptions): Promise<HostBuild> {
  const key = buildKey(files, opts);
  const dir = join(opts.cacheDir, key);
  const program = join(dir, opts.program ?? join('build', `${stem}_example`));
  if (existsSync(join(dir, MARKER))) return { dir, program, cached: true };

  makeDirectory(opts.cacheDir, CACHE_HINT);
  const tmp = `${dir}.tmp-${randomBytes(6).toString('hex')}`;
  try {
    writeFiles(tmp, files);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw outputError(e, opts.cacheDir, CACHE_HINT);
  }
  const vars = Object.entries(opts.make ?? {}).map(([k, v]) => `${k}=${v}`);
  const result = await new Promise<{ code: number | string | null; output: string }>((resolve) => {
    execFile('make', ['-s', opts.goal ?? 'example', ...vars], { cwd: tmp, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as NodeJS.ErrnoException).code ?? 1) : 0, output: `${stderr}\n${stdout}` });
    });
  });
  if (result.code === 'ENOENT') {
    rmSync(tmp, { recursive: true, force: true });
    fail('build/no-compiler', 'make was not found, so the bundle cannot be built on this machine', { hint: 'install make and a C compiler (scripts/install-toolchains.sh does)' });
  }
  if (result.code !== 0) {
    const log = join(opts.cacheDir, `failed-${key}.log`);
    writeFileSync(log, result.output);
    rmSync(tmp, { recursive: true, force: true });
    fail('build/failed', `building bundle '${stem}' failed: ${firstErrorLine(result.output)}`, { hint: `the full compiler output is in ${log}` });
  }
  writeFileSync(join(tmp, MARKER), key + '\n');
  try {
    renameSync(tmp, dir);
  } catch (e) {
    // Another build of the same bundle finished first: use it.
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(join(dir, MARKER))) throw e;
  }
  return { dir, program, cached: false };
}
