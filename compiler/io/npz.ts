/**
 * NumPy .npz archives: a ZIP file of .npy members, stored or deflated (the
 * output of numpy.savez and numpy.savez_compressed).
 *
 * Members are found through the ZIP central directory (the End Of Central
 * Directory record at the end of the file), with ZIP64 sizes and offsets
 * where numpy writes them; deflated members are inflated with node:zlib.
 * Every offset and length is checked against the file, so a corrupt archive
 * is a diagnostic, never a crash or a read past the end.
 */
import { inflateRawSync } from 'node:zlib';
import { fail } from '../ir/index.js';
import { parseNpy, type NpyArray, type NpyParseOptions } from './npy.js';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const ZIP64_EOCD_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const STORED = 0;
const DEFLATED = 8;

export interface NpzMember {
  /** Member name without the .npy suffix (the keyword or arr_N numpy gave it). */
  name: string;
  array: NpyArray;
}

/** Every .npy member of an .npz archive, in archive order. */
export function parseNpz(bytes: Uint8Array, label = 'archive', options: NpyParseOptions = {}): NpzMember[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bad = (what: string): never => fail('npz/invalid', `${label} is not a valid .npz archive: ${what}`, { hint: 'write it with numpy.savez or numpy.savez_compressed' });
  const u16 = (p: number): number => (p + 2 <= bytes.length ? view.getUint16(p, true) : bad(`truncated at byte ${p}`));
  const u32 = (p: number): number => (p + 4 <= bytes.length ? view.getUint32(p, true) : bad(`truncated at byte ${p}`));
  const u64 = (p: number): number => {
    const v = p + 8 <= bytes.length ? view.getBigUint64(p, true) : bad(`truncated at byte ${p}`);
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? bad(`a size of ${v} bytes`) : Number(v);
  };

  let eocd = -1;
  for (let p = bytes.length - 22; p >= Math.max(0, bytes.length - 22 - 65535); p--) {
    if (view.getUint32(p, true) === EOCD) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) bad('no ZIP end-of-central-directory record');
  let count = u16(eocd + 10);
  let dirOffset = u32(eocd + 16);
  if ((count === 0xffff || dirOffset === 0xffffffff) && eocd >= 20 && u32(eocd - 20) === ZIP64_EOCD_LOCATOR) {
    const zip64 = u64(eocd - 20 + 8);
    if (u32(zip64) !== ZIP64_EOCD) bad('a broken ZIP64 record');
    count = u64(zip64 + 32);
    dirOffset = u64(zip64 + 48);
  }

  const members: NpzMember[] = [];
  let p = dirOffset;
  for (let i = 0; i < count; i++) {
    if (u32(p) !== CENTRAL) bad(`central directory entry ${i} at byte ${p} has a bad signature`);
    const method = u16(p + 10);
    let compressed = u32(p + 20);
    let size = u32(p + 24);
    const nameLen = u16(p + 28);
    const extraLen = u16(p + 30);
    const commentLen = u16(p + 32);
    let local = u32(p + 42);
    if (p + 46 + nameLen + extraLen > bytes.length) bad(`central directory entry ${i} runs past the end`);
    const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLen));
    // ZIP64 extra field: the 64-bit values of whichever fields are 0xFFFFFFFF, in this order.
    for (let e = p + 46 + nameLen; e + 4 <= p + 46 + nameLen + extraLen; ) {
      const id = u16(e);
      const len = u16(e + 2);
      if (id === 1) {
        let q = e + 4;
        if (size === 0xffffffff) { size = u64(q); q += 8; }
        if (compressed === 0xffffffff) { compressed = u64(q); q += 8; }
        if (local === 0xffffffff) local = u64(q);
      }
      e += 4 + len;
    }
    p += 46 + nameLen + extraLen + commentLen;
    if (!name.endsWith('.npy')) continue;
    if (u32(local) !== LOCAL) bad(`member '${name}' has a bad local header`);
    const start = local + 30 + u16(local + 26) + u16(local + 28);
    if (start + compressed > bytes.length) bad(`member '${name}' runs past the end of the file`);
    const raw = bytes.subarray(start, start + compressed);
    let data: Uint8Array;
    if (method === STORED) data = raw;
    else if (method === DEFLATED) {
      try {
        data = new Uint8Array(inflateRawSync(raw));
      } catch (err) {
        return bad(`member '${name}' does not inflate (${(err as Error).message})`);
      }
    } else return bad(`member '${name}' uses compression method ${method}; only stored and deflated are supported`);
    if (data.length !== size) bad(`member '${name}' inflates to ${data.length} bytes, ${size} expected`);
    members.push({ name: name.slice(0, -4), array: parseNpy(data, `${label}:${name}`, options) });
  }
  return members;
}
