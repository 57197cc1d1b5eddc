/**
 * How conv-like kernels read their weights: int8 and float arrays as they
 * are, or packed int4/int2 rows that stay packed in flash and are unpacked
 * element by element into registers (ingot_packed.h) — never into a RAM
 * copy, since saving flash is why the weights are packed.
 *
 * A packed tensor is one flat bit stream, so a kernel row (a filter row, a
 * dense unit) may start inside a byte. Rows are re-laid at compile time so
 * each starts on a byte boundary (at most one byte of padding per row);
 * then the field of element j inside its byte is known from j alone, and
 * in unrolled code it is a literal shift.
 */
import type { TensorData } from '../../ir/index.js';
import { unpackedWeights } from '../../quant/packing.js';
import type { CWriter } from '../writer.js';

export interface WeightRows {
  /** C element type of the emitted array (`uint8_t` when packed). */
  ctype: string;
  /** Bits per weight: 8 (int8/uint8), 32 (float), or 4/2 packed. */
  bits: 32 | 8 | 4 | 2;
  /** Array elements (bytes when packed) from one row's start to the next. */
  rowStride: number;
  /** The weights as plain values, for compile-time sums (folded biases). */
  values: TensorData;
  /** The array to emit, when it differs from the tensor's own (re-laid rows); undefined: use the tensor. */
  relaid?: TensorData;
  /** C expression of element `index` of the row at pointer `row` (index a C expression or a literal). */
  at(row: string, index: string | number): string;
}

/** Elements per byte of packed weights. */
export function perByte(bits: 4 | 2): number {
  return 8 / bits;
}

/** Packs int4/int2 rows of `rowLength` values, each row starting on a byte. */
export function packRows(values: ArrayLike<number>, rows: number, rowLength: number, bits: 4 | 2): Uint8Array {
  const per = perByte(bits);
  const rowBytes = Math.ceil(rowLength / per);
  const mask = (1 << bits) - 1;
  const out = new Uint8Array(rows * rowBytes);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < rowLength; j++) {
      out[r * rowBytes + Math.floor(j / per)]! |= (values[r * rowLength + j]! & mask) << ((j % per) * bits);
    }
  }
  return out;
}

/** The C expression of packed element `index` of the row at `row`. */
export function packedAt(bits: 4 | 2, row: string, index: string | number): string {
  const fn = bits === 4 ? 'ingot_int4' : 'ingot_int2';
  if (typeof index === 'number') return `${fn}(${row}[${Math.floor(index / perByte(bits))}], ${index % perByte(bits)})`;
  return `${fn}_at(${row}, ${index})`;
}

/**
 * The weights of a kernel as `rows` rows of `rowLength` values, in the
 * order `values` has them (callers re-order first when they need another
 * order). `stored` is the tensor's own data and element type; `bits` its
 * weight width (4/2: packed).
 */
export function weightRows(stored: TensorData, ctype: string, bits: 32 | 8 | 4 | 2, rows: number, rowLength: number, order?: (plain: TensorData) => TensorData): WeightRows {
  if (bits === 32 || bits === 8) {
    const values = order ? order(stored) : stored;
    return { ctype, bits, rowStride: rowLength, values, ...(order ? { relaid: values } : {}), at: (row, index) => `${row}[${index}]` };
  }
  const unpacked = unpackedWeights(stored, bits, rows * rowLength);
  const values = order ? order(unpacked) : unpacked;
  const packedBits = bits;
  return {
    ctype: 'uint8_t', bits, rowStride: Math.ceil(rowLength / perByte(bits)), values, relaid: packRows(values as ArrayLike<number>, rows, rowLength, bits),
    at: (row, index) => packedAt(packedBits, row, index),
  };
}

/**
 * `blockedDot` for packed rows: accumulators acc0…acc{n-1} of `n`
 * consecutive rows (`rowStride` bytes apart, from `weights`) gain, for each
 * j in [0, run), x[j] times their element j. One byte per row is loaded
 * per step and its fields are unpacked with literal shifts; one load of
 * x[j] feeds n multiply-adds. Integer sums are exact, so this order gives
 * the reference's result.
 */
export function packedDot(w: CWriter, n: number, run: number, x: string, weights: string, rowStride: number, value: (xj: string) => string, bits: 4 | 2): void {
  const per = perByte(bits);
  const whole = Math.floor(run / per);
  const fn = bits === 4 ? 'ingot_int4' : 'ingot_int2';
  /** One byte of each row: its `fields` elements against x[first + u]. */
  const step = (byteIndex: string, first: (u: number) => string, fields: number): void => {
    for (let k = 0; k < n; k++) w.line(`const uint8_t b${k} = ${weights}[${k === 0 ? '' : `${k * rowStride} + `}${byteIndex}];`);
    for (let u = 0; u < fields; u++) {
      w.line(`v = ${value(`${x}[${first(u)}]`)};`);
      for (let k = 0; k < n; k++) w.line(`acc${k} += v * ${fn}(b${k}, ${u});`);
    }
  };
  if (whole > 0) {
    w.block(`for (int32_t jb = 0; jb < ${whole}; ++jb)`, () => {
      w.line('int32_t v;');
      w.line(`const int32_t j = jb * ${per};`);
      step('jb', (u) => (u === 0 ? 'j' : `j + ${u}`), per);
    });
  }
  if (run % per !== 0) {
    w.block('', () => {
      w.line('int32_t v;');
      step(String(whole), (u) => String(whole * per + u), run % per);
    });
  }
}
