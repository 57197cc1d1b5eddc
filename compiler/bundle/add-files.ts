/**
 * Adding files to a compiled bundle — reports that travel with it, such as
 * the quantization report. The files join the bundle in path order (as the
 * backends order theirs) and the manifest is rewritten to list them with
 * their sha256, so `ingot run` still verifies every file. Pure: the same
 * bundle and files give the same bytes.
 */
import type { CompileResult } from '../compile.js';
import { fail } from '../ir/index.js';
import { fileEntries, manifestFile, MANIFEST_PATH } from './manifest.js';
import type { BundleFile } from './types.js';

const byPath = (a: BundleFile, b: BundleFile): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** A copy of `result` whose bundle also holds `extra`, listed in its manifest. */
export function addBundleFiles(result: CompileResult, extra: readonly BundleFile[]): CompileResult {
  const own = result.bundle.files.filter((f) => f.path !== MANIFEST_PATH);
  const clash = extra.find((f) => f.path === MANIFEST_PATH || own.some((o) => o.path === f.path));
  if (clash) fail('bundle/invalid', `cannot add '${clash.path}' to bundle '${result.bundle.name}': the bundle already has a file there`);
  const files = [...own, ...extra];
  const manifest = { ...result.manifest, files: fileEntries(files) };
  return { ...result, manifest, bundle: { ...result.bundle, files: [...files, manifestFile(manifest)].sort(byPath) } };
}
