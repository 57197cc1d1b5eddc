/**
 * Running a board program under its emulator: input files are written to a
 * fresh working folder (semihosting and stdio paths are relative to it), the
 * board's command runs with a timeout, and the named output files are read
 * back. Exit status and console output are returned for the caller to
 * interpret (e.g. the instruction counts the program prints).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestBoard } from '../../targets/index.js';
import { fail } from '../ir/index.js';

export interface BoardRunOptions {
  /** Files the program reads, by name. */
  inputs?: Readonly<Record<string, Uint8Array>>;
  /** Files the program writes and the caller wants back. */
  outputs?: readonly string[];
  timeoutMs?: number;
}

export interface BoardRunResult {
  status: number;
  /** What the program printed: QEMU sends semihosting console output to stderr, hosted programs to stdout. */
  console: string;
  stdout: string;
  stderr: string;
  outputs: Record<string, Uint8Array>;
}

export async function runOnBoard(board: TestBoard, elf: string, opts: BoardRunOptions = {}): Promise<BoardRunResult> {
  const cwd = mkdtempSync(join(tmpdir(), 'ingot-board-'));
  try {
    for (const [name, bytes] of Object.entries(opts.inputs ?? {})) writeFileSync(join(cwd, name), bytes);
    const [cmd, ...args] = board.command.map((a) => a.replace('{program}', elf));
    const timeoutMs = opts.timeoutMs ?? 120_000;
    const result = await new Promise<{ status: number; stdout: string; stderr: string; error?: NodeJS.ErrnoException }>((resolve) => {
      execFile(cmd!, args, { cwd, maxBuffer: 64 << 20, timeout: timeoutMs, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
        const e = err as (NodeJS.ErrnoException & { code?: number | string; killed?: boolean }) | null;
        resolve({ status: e ? (typeof e.code === 'number' ? e.code : -1) : 0, stdout, stderr, ...(e && (e.code === 'ENOENT' || e.killed) ? { error: e } : {}) });
      });
    });
    if (result.error?.code === 'ENOENT') fail('run/failed', `${cmd} was not found`, { hint: 'run scripts/install-toolchains.sh' });
    if (result.error) fail('run/failed', `${board.description}: the program did not finish within ${timeoutMs / 1000} s`);
    const outputs: Record<string, Uint8Array> = {};
    for (const name of opts.outputs ?? []) {
      try {
        outputs[name] = new Uint8Array(readFileSync(join(cwd, name)));
      } catch {
        // Missing outputs are the caller's to report, with the program's status and console.
      }
    }
    return { status: result.status, console: result.stdout + result.stderr, stdout: result.stdout, stderr: result.stderr, outputs };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}
