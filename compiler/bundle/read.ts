/**
 * Recognising and loading a bundle from disk: a folder holding an Ingot
 * manifest.json, or a .tar of such a folder (or that .tar gzip-compressed). Only the files the manifest
 * lists are loaded (a folder may also hold build products), and each must
 * match its recorded size and sha256 — a bundle edited by hand is refused
 * rather than silently run.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fail } from '../ir/index.js';
import { MANIFEST_PATH, parseManifest, sha256, type Manifest } from './manifest.js';
import { gunzipIfCompressed } from '../io/gzip.js';
import { isTar, readTar } from './tar.js';
import type { BundleFile } from './types.js';

export interface LoadedBundle {
  manifest: Manifest;
  /** Every file of the bundle, manifest included. */
  files: BundleFile[];
}

function checkFiles(manifest: Manifest, files: readonly BundleFile[], label: string): void {
  const byPath = new Map(files.map((f) => [f.path, f]));
  for (const entry of manifest.files) {
    const f = byPath.get(entry.path);
    if (f === undefined) fail('bundle/invalid', `${label} lacks '${entry.path}', which its manifest lists`);
    if (f.bytes.length !== entry.bytes || sha256(f.bytes) !== entry.sha256) {
      fail('bundle/invalid', `${label}: '${entry.path}' differs from the manifest's sha256`, { hint: 'regenerate the bundle with `ingot compile` instead of editing it' });
    }
  }
}

/** The bundle at `path`, or undefined when `path` is not a bundle (e.g. a model file). */
export async function loadBundle(path: string): Promise<LoadedBundle | undefined> {
  if (!existsSync(path)) return undefined;
  if (statSync(path).isDirectory()) {
    const manifestPath = join(path, MANIFEST_PATH);
    if (!existsSync(manifestPath)) return undefined;
    const text = readFileSync(manifestPath, 'utf8');
    const manifest = parseManifest(text);
    if (manifest === undefined) fail('bundle/invalid', `'${manifestPath}' is not an Ingot bundle manifest`);
    const files: BundleFile[] = [{ path: MANIFEST_PATH, bytes: new TextEncoder().encode(text) }];
    for (const entry of manifest.files) {
      const file = join(path, entry.path);
      if (!existsSync(file)) fail('bundle/invalid', `bundle '${path}' lacks '${entry.path}', which its manifest lists`);
      files.push({ path: entry.path, bytes: new Uint8Array(readFileSync(file)) });
    }
    checkFiles(manifest, files, `bundle '${path}'`);
    return { manifest, files };
  }
  const bytes = gunzipIfCompressed(new Uint8Array(readFileSync(path)), `'${path}'`);
  if (!isTar(bytes)) return undefined;
  const { files } = await readTar(bytes, `'${path}'`);
  const manifestFile = files.find((f) => f.path === MANIFEST_PATH);
  const manifest = manifestFile && parseManifest(new TextDecoder().decode(manifestFile.bytes));
  if (manifest === undefined) fail('bundle/invalid', `'${path}' is a tar file without an Ingot manifest.json`);
  checkFiles(manifest, files, `bundle '${path}'`);
  return { manifest, files: files.filter((f) => f.path === MANIFEST_PATH || manifest.files.some((e) => e.path === f.path)) };
}
