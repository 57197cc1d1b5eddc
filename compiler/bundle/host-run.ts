/**
 * Running a built host bundle's example program on .npy files. Outputs are
 * written to temporary names and renamed into place only when the program
 * succeeds, so a failed run leaves no partial output.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { fail } from '../ir/index.js';
import { makeDirectory } from './directories.js';
import type { HostBuild } from './host-build.js';
import { firstErrorLine } from './host-build.js';

export interface HostRunOptions {
  /** Timed inferences (the program then prints `runs N median_us X min_us Y`). */
  runs?: number;
  /** The input files hold frames stacked on a first axis, run in order from one reset (`-s`). */
  stream?: boolean;
  /** Command prefix, e.g. ['valgrind', '--tool=callgrind', …]. */
  wrapper?: readonly string[];
  timeoutMs?: number;
}

export interface HostRunResult {
  stdout: string;
  stderr: string;
}

/** Runs the program with `-i` per input and `-o` per output; resolves with its output. */
export async function runHostExample(build: HostBuild, inputs: readonly string[], outputs: readonly string[], opts: HostRunOptions = {}): Promise<HostRunResult> {
  const suffix = `.tmp-${randomBytes(6).toString('hex')}`;
  const temps = outputs.map((o) => `${o}${suffix}`);
  for (const o of outputs) makeDirectory(dirname(o) || '.');
  const args = [
    ...(opts.runs ? ['-r', String(opts.runs)] : []),
    ...(opts.stream ? ['-s'] : []),
    ...inputs.flatMap((i) => ['-i', i]),
    ...temps.flatMap((o) => ['-o', o]),
  ];
  const [cmd, ...pre] = opts.wrapper && opts.wrapper.length > 0 ? [...opts.wrapper, build.program] : [build.program];
  const result = await new Promise<{ failed: boolean; stdout: string; stderr: string }>((resolve) => {
    execFile(cmd!, [...pre, ...args], { maxBuffer: 64 << 20, timeout: opts.timeoutMs ?? 0 }, (err, stdout, stderr) => {
      resolve({ failed: err !== null, stdout, stderr });
    });
  });
  if (result.failed) {
    for (const t of temps) rmSync(t, { force: true });
    fail('run/failed', `the bundle's example program failed: ${firstErrorLine(result.stderr || result.stdout)}`);
  }
  temps.forEach((t, i) => renameSync(t, outputs[i]!));
  return { stdout: result.stdout, stderr: result.stderr };
}
