/**
 * Output names that promise compression. Ingot writes bundles as folders or
 * plain .tars (byte-identical wherever they are written; a compressor's
 * output can differ between zlib builds), and models, arrays and reports
 * uncompressed, so a name ending in .gz, .zip, … would hold bytes its
 * extension lies about. Such a name is a command-line error that says how to
 * get the compressed file. (Compressed inputs are read: io/gzip.ts.)
 */
import { UsageError } from './usage-error.js';

const COMPRESSED = /\.(gz|tgz|zip|bz2|tbz2?|xz|txz|zst|lz4|7z)$/i;

/** A yargs `coerce` for an output path flag: refuses names with a compressed-archive extension. */
export function uncompressedOutput(flag: string, plain: string): (value: string | string[]) => string | string[] {
  const check = (v: string): string => {
    const ext = COMPRESSED.exec(v)?.[0];
    if (ext !== undefined) {
      throw new UsageError(`${flag} '${v}': Ingot does not write ${ext} files; give ${plain}, then compress it yourself (e.g. gzip -n)`);
    }
    return v;
  };
  return (value) => (Array.isArray(value) ? value.map(check) : check(value));
}
