/**
 * Gzip-compressed inputs: models, arrays and bundle .tars often travel
 * compressed (a build artefact, a download), so every file Ingot reads is
 * decompressed first when it starts with the gzip magic. Decompression is
 * capped at the largest file Ingot reads, so a small archive cannot expand
 * without bound.
 */
import { gunzipSync } from 'node:zlib';
import { fail } from '../ir/index.js';

/** The largest input Ingot reads, compressed or not. */
export const MAX_INPUT_BYTES = 2 ** 31;

/** True when the bytes begin like a gzip stream (RFC 1952: 1f 8b, method 8). */
function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 18 && bytes[0] === 0x1f && bytes[1] === 0x8b && bytes[2] === 8;
}

/** The bytes, decompressed when they are gzip data; `label` names the file in errors. */
export function gunzipIfCompressed(bytes: Uint8Array, label: string): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    return new Uint8Array(gunzipSync(bytes, { maxOutputLength: MAX_INPUT_BYTES }));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') fail('file/bad-gzip', `${label} is gzip data that expands past ${MAX_INPUT_BYTES} bytes; Ingot reads files up to 2 GiB`);
    fail('file/bad-gzip', `${label} is gzip data that cannot be decompressed (${(e as Error).message})`, { hint: 'the file is truncated or damaged: copy or download it again' });
  }
}
