/**
 * Building a program for a target's test board: the program's sources (a
 * bundle's kernels plus a test or example main), the board-support files,
 * the target's compiler and CPU flags, and the board's link flags. Builds
 * are cached by content, so a program is compiled once however often it
 * runs; a compiler error is a `build/failed` diagnostic with its first
 * error line.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Target, TestBoard } from '../../targets/index.js';
import { fail } from '../ir/index.js';
import { CACHE_HINT, makeDirectory, outputError } from '../bundle/directories.js';
import { firstErrorLine } from '../bundle/host-build.js';
import { boardFiles, type SourceFile } from './board-files.js';

export interface BoardBuildOptions {
  cacheDir: string;
  /** Include folders, relative to the program's root (e.g. `include`, `runtime`). */
  includeDirs?: string[];
  /** Extra compile flags (e.g. `-DINGOT_PROFILE`). */
  cflags?: string[];
}

export interface BoardProgram {
  elf: string;
  cached: boolean;
}

const MARKER = '.ingot-built';

async function exec(cmd: string, args: string[], cwd: string): Promise<{ code: number | string; output: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as NodeJS.ErrnoException).code ?? 1) : 0, output: `${stderr}\n${stdout}` });
    });
  });
}

export async function buildBoardProgram(target: Target, board: TestBoard, sources: readonly SourceFile[], opts: BoardBuildOptions): Promise<BoardProgram> {
  const files = [...sources, ...boardFiles(board)];
  const cflags = ['-std=c99', '-ffp-contract=off', ...target.toolchain.cflags, ...board.cflags, ...(opts.cflags ?? []), '-Iboard', ...(opts.includeDirs ?? []).map((d) => `-I${d}`)];
  const key = createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) key.update(`${f.path}\0${f.text}\0`);
  key.update(JSON.stringify([target.toolchain.cc, cflags, board.ldflags]));
  const dir = join(opts.cacheDir, `board-${target.id}-${key.digest('hex').slice(0, 24)}`);
  const elf = join(dir, 'program.elf');
  if (existsSync(join(dir, MARKER))) return { elf, cached: true };

  const tmp = `${dir}.tmp-${randomBytes(6).toString('hex')}`;
  try {
    for (const f of files) {
      makeDirectory(dirname(join(tmp, f.path)), CACHE_HINT);
      writeFileSync(join(tmp, f.path), f.text);
    }
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw outputError(e, opts.cacheDir, CACHE_HINT);
  }
  const units = files.map((f) => f.path).filter((p) => /\.(c|S)$/.test(p));
  // One compiler call compiles and links: the board's linker script is found through -Lboard.
  // libm for float kernels; the bare-metal AArch64 board has no C library, and brings the few
  // functions the kernels call in its own libm.c.
  const libm = board.family === 'aarch64' ? [] : ['-lm'];
  const args = [...cflags, ...units, '-Lboard', ...board.ldflags, ...libm, '-o', 'program.elf'];
  const result = await exec(target.toolchain.cc, args, tmp);
  if (result.code === 'ENOENT') {
    rmSync(tmp, { recursive: true, force: true });
    fail('build/no-compiler', `${target.toolchain.cc} was not found, so programs for ${target.id} cannot be built here`, { hint: 'run scripts/install-toolchains.sh' });
  }
  if (result.code !== 0) {
    const log = join(opts.cacheDir, `failed-${target.id}-${randomBytes(4).toString('hex')}.log`);
    makeDirectory(opts.cacheDir, CACHE_HINT);
    writeFileSync(log, `${target.toolchain.cc} ${args.join(' ')}\n${result.output}`);
    rmSync(tmp, { recursive: true, force: true });
    fail('build/failed', `building for ${target.id} failed: ${firstErrorLine(result.output)}`, { hint: `the full compiler output is in ${log}` });
  }
  writeFileSync(join(tmp, MARKER), '\n');
  try {
    renameSync(tmp, dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(join(dir, MARKER))) throw e;
  }
  return { elf, cached: false };
}
