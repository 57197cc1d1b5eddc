/**
 * Where tests find the repository and the shared models and oracle that sit
 * beside the checkout (overridable with INGOT_SHARED for other layouts).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above the test files');
    dir = up;
  }
  return dir;
}

export const repoRoot = findRepoRoot();
export const sharedDir = resolve(process.env['INGOT_SHARED'] ?? join(repoRoot, '..', 'shared'));
export const oracleDir = join(sharedDir, 'oracle');
