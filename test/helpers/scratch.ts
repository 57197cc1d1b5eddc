/**
 * Temporary folders for tests, all under one folder per test process that
 * is removed when the process exits, so test runs leave nothing behind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let base: string | undefined;

export function scratchDir(prefix: string): string {
  if (base === undefined) {
    const root = mkdtempSync(join(tmpdir(), 'ingot-tests-'));
    base = root;
    process.once('exit', () => rmSync(root, { recursive: true, force: true }));
  }
  return mkdtempSync(join(base, prefix));
}
