/**
 * Writing a bundle as a folder. The files are written into a fresh sibling
 * folder which then replaces the destination in one rename, so a failed
 * write never leaves a half-written bundle. An existing destination is
 * replaced only when it is empty or an earlier Ingot bundle (it holds a
 * manifest.json); anything else is left alone with a diagnostic.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fail } from '../ir/index.js';
import { makeDirectory, outputError } from './directories.js';
import { MANIFEST_PATH, parseManifest } from './manifest.js';
import type { Bundle, BundleFile } from './types.js';

function replaceable(dir: string): boolean {
  if (!statSync(dir).isDirectory()) return false;
  const entries = readdirSync(dir);
  if (entries.length === 0) return true;
  if (!entries.includes(MANIFEST_PATH)) return false;
  return parseManifest(readFileSync(join(dir, MANIFEST_PATH), 'utf8')) !== undefined;
}

/** Writes files under `dir` (creating folders), without any checks. */
export function writeFiles(dir: string, files: readonly BundleFile[]): void {
  for (const f of files) {
    const path = join(dir, f.path);
    makeDirectory(dirname(path));
    writeFileSync(path, f.bytes);
  }
}

export function writeBundleFolder(bundle: Bundle, dir: string): void {
  const target = resolve(dir);
  if (existsSync(target) && !replaceable(target)) {
    fail('output/exists', `'${dir}' exists and is not an Ingot bundle folder`, { hint: 'choose a new folder, or remove it first' });
  }
  // The parent first, so a place that cannot take the folder is named as the user gave it.
  makeDirectory(dirname(target));
  const tmp = `${target}.tmp-${randomBytes(6).toString('hex')}`;
  try {
    mkdirSync(tmp);
  } catch (e) {
    throw outputError(e, dir);
  }
  try {
    writeFiles(tmp, bundle.files);
    if (existsSync(target)) rmSync(target, { recursive: true, force: true });
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw outputError(e, dir);
  }
}
