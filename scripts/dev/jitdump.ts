/**
 * Reads the code of a jitdump file, the format V8 writes with `--perf-prof`
 * for Linux perf: a header (its size at byte 8), then records of a 32-bit
 * id and total size; a code load (id 0) holds the code's address and size
 * at bytes 32 and 40, its name from byte 56 (NUL-terminated), then the
 * machine code itself.
 */
import { readFileSync } from 'node:fs';

/** One loaded piece of code: its name (V8's, e.g. "JS:wasm-function[3]-3-turbofan") and bytes. */
export interface CodeLoad {
  name: string;
  code: Uint8Array;
}

const CODE_LOAD = 0;

/** Every code load of the file, in the order the engine wrote them. */
export function codeLoads(path: string): CodeLoad[] {
  const bytes = readFileSync(path);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const loads: CodeLoad[] = [];
  let at = view.getUint32(8, true);
  while (at + 16 <= bytes.length) {
    const id = view.getUint32(at, true);
    const size = view.getUint32(at + 4, true);
    if (size === 0 || at + size > bytes.length) break;
    if (id === CODE_LOAD) {
      const codeSize = Number(view.getBigUint64(at + 40, true));
      const nameEnd = bytes.indexOf(0, at + 56);
      loads.push({ name: bytes.subarray(at + 56, nameEnd).toString('latin1'), code: bytes.subarray(nameEnd + 1, nameEnd + 1 + codeSize) });
    }
    at += size;
  }
  return loads;
}
