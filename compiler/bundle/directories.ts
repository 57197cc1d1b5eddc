/**
 * Folders and files that outputs go to, with diagnostics: a place that
 * cannot be written (no permission, a read-only or full file system, a file
 * or a dangling link where a folder should be) is an `output/unwritable`
 * error naming the path, never a stack trace.
 *
 * Folders are made one level at a time: Node's recursive mkdir loops
 * forever when a parent exists but refuses new entries with ENOENT (procfs
 * does), and a command must not hang.
 */
import { lstatSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fail, IngotError } from '../ir/index.js';

const DEFAULT_HINT = 'choose a folder you can write to';

/** The hint for the folder where built programs are cached. */
export const CACHE_HINT = 'set INGOT_CACHE_DIR to a folder you can write to';

/** Why a file-system call failed, in words, for the error codes a write can meet. */
const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  ENOTDIR: 'part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  ENOENT: 'the file system refused it (no such file or directory)',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'the path has a loop of links',
};

/**
 * `e` as the diagnostic for writing `path` when it is a file-system error
 * (an errno code); anything else is returned unchanged, to be rethrown.
 */
export function outputError(e: unknown, path: string, hint = DEFAULT_HINT, action = 'write'): unknown {
  if (e instanceof IngotError) return e;
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return e;
  return new IngotError({ code: 'output/unwritable', message: `cannot ${action} '${path}': ${REASONS[code] ?? (e as Error).message}`, hint });
}

/** The folder at `path` and any missing parents; fails with `output/unwritable` when one cannot be made. */
export function makeDirectory(path: string, hint = DEFAULT_HINT): void {
  const missing: string[] = [];
  const action = 'create the folder';
  let at = resolve(path);
  const where = (): string => (at === resolve(path) ? 'it' : `'${at}'`);
  for (;;) {
    let exists: boolean;
    try {
      const st = statSync(at, { throwIfNoEntry: false });
      if (st && !st.isDirectory()) fail('output/unwritable', `cannot ${action} '${path}': ${where()} is a file`, { hint });
      exists = st !== undefined;
      if (!exists && lstatSync(at, { throwIfNoEntry: false })) fail('output/unwritable', `cannot ${action} '${path}': ${where()} is a link to something that does not exist`, { hint });
    } catch (e) {
      throw outputError(e, path, hint, action);
    }
    if (exists) break;
    missing.push(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir);
    } catch (e) {
      // Made meanwhile by another process: fine, as long as it is a folder.
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && statSync(dir, { throwIfNoEntry: false })?.isDirectory()) continue;
      throw outputError(e, path, hint, action);
    }
  }
}
