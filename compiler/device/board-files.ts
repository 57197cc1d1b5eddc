/**
 * The board-support files a test board's programs link: startup code,
 * counters, semihosting I/O and linker scripts from `runtime-c/boards/`.
 * They are read from the installed package, like the bundle runtime.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestBoard } from '../../targets/index.js';
import { packageRoot } from '../emit-c/runtime-files.js';

export interface SourceFile {
  path: string;
  text: string;
}

/** Files each family needs besides the shared header: C/assembly sources and linker scripts. */
const FAMILY_FILES: Record<TestBoard['family'], { dir: string; shared: string[] }> = {
  'cortex-m': { dir: 'cortex-m', shared: ['semihost.c', 'stack.c'] },
  riscv32: { dir: 'riscv32', shared: ['semihost.c', 'stack.c'] },
  aarch64: { dir: 'aarch64', shared: ['semihost.c', 'stack.c'] },
  hosted: { dir: 'hosted', shared: [] },
};

/** The board's files under `board/` (sources, linker scripts) plus `board/ingot_board.h`. */
export function boardFiles(board: TestBoard): SourceFile[] {
  const root = join(packageRoot(), 'runtime-c', 'boards');
  const { dir, shared } = FAMILY_FILES[board.family];
  const own = readdirSync(join(root, dir))
    .filter((f) => /\.(c|S|ld|h)$/.test(f))
    .sort()
    .map((f) => ({ path: `board/${f}`, text: readFileSync(join(root, dir, f), 'utf8') }));
  return [
    { path: 'board/ingot_board.h', text: readFileSync(join(root, 'ingot_board.h'), 'utf8') },
    ...shared.map((f) => ({ path: `board/${f}`, text: readFileSync(join(root, f), 'utf8') })),
    ...own,
  ];
}
