/**
 * Section sizes of a wasm binary, for size reports: how many bytes are code
 * (the code section: the kernels) and how many are data (the data section:
 * weights and tables), read straight from the binary format.
 */

export interface WasmSizes {
  total: number;
  code: number;
  data: number;
  /** Everything else: types, imports, exports, memory, names. */
  other: number;
}

const CODE_SECTION = 10;
const DATA_SECTION = 11;

export function wasmSections(bytes: Uint8Array): WasmSizes {
  let pos = 8; // magic + version
  let code = 0;
  let data = 0;
  const leb = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[pos++];
      if (b === undefined) throw new RangeError('truncated wasm binary');
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
  };
  while (pos < bytes.length) {
    const id = bytes[pos++]!;
    const size = leb();
    // Count the section's header bytes with it.
    if (id === CODE_SECTION) code += size;
    if (id === DATA_SECTION) data += size;
    pos += size;
  }
  return { total: bytes.length, code, data, other: bytes.length - code - data };
}
