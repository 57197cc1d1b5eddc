/**
 * Packing of sub-byte integers: int4 (two per byte) and int2 (four per
 * byte), low bits first, two's complement inside each field — the layout of
 * the IR's i4/i2 tensors, of TFLite's INT4 buffers and of the bundles'
 * weight arrays.
 *
 * Kernels unpack a weight tensor once and then run the int8 arithmetic
 * unchanged; `unpackedWeights` keeps that one unpacked copy per constant so
 * a reference run does not unpack on every inference.
 */
import { bitsOf, intRange, type DType, type TensorData } from '../ir/index.js';

/** The sub-byte dtypes and their field widths. */
export type SubByteDType = 'i4' | 'i2';

export function isSubByte(dtype: DType): dtype is SubByteDType {
  return dtype === 'i4' || dtype === 'i2';
}

/** Packs signed values (each within the dtype's range) into bytes, low bits first. */
export function packSubByte(values: ArrayLike<number>, dtype: SubByteDType): Uint8Array {
  const bits = bitsOf(dtype);
  const perByte = 8 / bits;
  const mask = (1 << bits) - 1;
  const { min, max } = intRange(dtype);
  const out = new Uint8Array(Math.ceil(values.length / perByte));
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`packSubByte: ${v} does not fit ${dtype}`);
    out[Math.floor(i / perByte)]! |= (v & mask) << ((i % perByte) * bits);
  }
  return out;
}

/** Unpacks `count` signed values from packed bytes (sign-extending each field). */
export function unpackSubByte(packed: Uint8Array, dtype: SubByteDType, count: number): Int8Array {
  const bits = bitsOf(dtype);
  const perByte = 8 / bits;
  const mask = (1 << bits) - 1;
  const signBit = 1 << (bits - 1);
  const out = new Int8Array(count);
  for (let i = 0; i < count; i++) {
    const field = (packed[Math.floor(i / perByte)]! >> ((i % perByte) * bits)) & mask;
    out[i] = field & signBit ? field - (1 << bits) : field;
  }
  return out;
}

const unpackCache = new WeakMap<TensorData, Int8Array>();

/**
 * Weights as int8 elements whatever their storage: int8 data as is, packed
 * i4/i2 data unpacked once (cached per constant array).
 */
export function unpackedWeights(data: TensorData, bits: 8 | 4 | 2, count: number): Int8Array {
  if (bits === 8) return data as Int8Array;
  let cached = unpackCache.get(data);
  if (cached === undefined || cached.length !== count) {
    cached = unpackSubByte(data as Uint8Array, bits === 4 ? 'i4' : 'i2', count);
    unpackCache.set(data, cached);
  }
  return cached;
}

/** Bits per weight element of a supported weight dtype. */
export function weightBits(dtype: DType): 8 | 4 | 2 {
  return dtype === 'i4' ? 4 : dtype === 'i2' ? 2 : 8;
}
