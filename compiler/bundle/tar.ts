/**
 * Bundles as deterministic .tar files (tar-stream): the bundle folder and
 * its subfolders as directory entries, then the files, all sorted by path,
 * with mtime 0, uid/gid 0, no user or group names, and fixed modes (0755
 * for folders, 0644 for files) — so the same bundle always gives the same
 * bytes, wherever and whenever it is written. Also reads such tars back.
 */
import tar from 'tar-stream';
import { fail } from '../ir/index.js';
import type { Bundle, BundleFile } from './types.js';

const EPOCH = new Date(0);

/** Every folder on the way to each file, e.g. `name/`, `name/include/`. */
function folders(root: string, files: readonly BundleFile[]): string[] {
  const set = new Set<string>([`${root}/`]);
  for (const f of files) {
    const parts = f.path.split('/');
    for (let i = 1; i < parts.length; i++) set.add(`${root}/${parts.slice(0, i).join('/')}/`);
  }
  return [...set];
}

export async function bundleToTar(bundle: Bundle): Promise<Uint8Array> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const chunk of pack) chunks.push(chunk as Buffer);
  })();
  const entries: Array<{ name: string; bytes?: Uint8Array }> = [
    ...folders(bundle.name, bundle.files).map((name) => ({ name })),
    ...bundle.files.map((f) => ({ name: `${bundle.name}/${f.path}`, bytes: f.bytes })),
  ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const common = { mtime: EPOCH, uid: 0, gid: 0, uname: '', gname: '' };
  for (const e of entries) {
    await new Promise<void>((resolve, reject) => {
      const cb = (err?: Error | null): void => (err ? reject(err) : resolve());
      if (e.bytes === undefined) pack.entry({ ...common, name: e.name, type: 'directory', mode: 0o755 }, cb);
      else pack.entry({ ...common, name: e.name, type: 'file', mode: 0o644, size: e.bytes.length }, Buffer.from(e.bytes.buffer, e.bytes.byteOffset, e.bytes.byteLength), cb);
    });
  }
  pack.finalize();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

/** True when the bytes look like a tar archive (ustar magic at offset 257). */
export function isTar(bytes: Uint8Array): boolean {
  return bytes.length >= 512 && String.fromCharCode(...bytes.subarray(257, 262)) === 'ustar';
}

/**
 * The regular files of a tar, with paths relative to its single top-level
 * folder. Paths that would escape the bundle (`..`, absolute) are refused.
 */
export async function readTar(bytes: Uint8Array, label: string): Promise<{ root: string; files: BundleFile[] }> {
  const extract = tar.extract();
  const files: BundleFile[] = [];
  let root: string | undefined;
  const reading = (async () => {
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const c of entry) chunks.push(c as Buffer);
      const name = entry.header.name.replace(/\/+$/, '');
      const [top, ...rest] = name.split('/');
      if (name.startsWith('/') || name.split('/').includes('..') || top === undefined) {
        fail('bundle/invalid', `${label} holds an entry '${name}' outside its bundle folder`);
      }
      if (root !== undefined && top !== root) fail('bundle/invalid', `${label} holds more than one top-level folder ('${root}', '${top}')`);
      root = top;
      if (entry.header.type === 'file' && rest.length > 0) files.push({ path: rest.join('/'), bytes: new Uint8Array(Buffer.concat(chunks)) });
    }
  })();
  extract.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  try {
    await reading;
  } catch (e) {
    if (e instanceof Error && e.name !== 'IngotError') fail('bundle/invalid', `${label} is not a readable tar file: ${e.message}`);
    throw e;
  }
  if (root === undefined) fail('bundle/invalid', `${label} is an empty tar file`);
  return { root, files };
}
