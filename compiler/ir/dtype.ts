/**
 * Element types of the IR and the typed arrays that hold them.
 *
 * Sub-byte types (i4, i2) are stored packed, low bits first, in a Uint8Array;
 * everything else uses the natural JavaScript typed array so reference kernels
 * can index elements directly. i64 exists for the int64 biases of TFLite's
 * 16x8 convolutions and ONNX shape tensors.
 */

export type DType = 'f32' | 'i64' | 'i32' | 'i16' | 'i8' | 'u8' | 'i4' | 'i2' | 'bool';

export type TensorData =
  | Float32Array
  | BigInt64Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint8Array;

/** Element data for integer kinds that fit a JS number, as the executor sees them. */
export type IntData = Int32Array | Int16Array | Int8Array | Uint8Array;

/** Bits per element. */
export function bitsOf(dtype: DType): number {
  switch (dtype) {
    case 'f32': return 32;
    case 'i64': return 64;
    case 'i32': return 32;
    case 'i16': return 16;
    case 'i8': return 8;
    case 'u8': return 8;
    case 'bool': return 8;
    case 'i4': return 4;
    case 'i2': return 2;
  }
}

/** Bytes needed to store `count` elements (sub-byte types round up to whole bytes). */
export function byteSize(dtype: DType, count: number): number {
  return Math.ceil((count * bitsOf(dtype)) / 8);
}

/** Integer range of a quantized integer type. */
export function intRange(dtype: DType): { min: number; max: number } {
  switch (dtype) {
    case 'i32': return { min: -2147483648, max: 2147483647 };
    case 'i16': return { min: -32768, max: 32767 };
    case 'i8': return { min: -128, max: 127 };
    case 'u8': return { min: 0, max: 255 };
    case 'i4': return { min: -8, max: 7 };
    case 'i2': return { min: -2, max: 1 };
    default: throw new RangeError(`intRange: ${dtype} is not a bounded integer type`);
  }
}

export function isFloat(dtype: DType): boolean {
  return dtype === 'f32';
}

/** Allocates zeroed storage for `count` elements of `dtype`. */
export function allocData(dtype: DType, count: number): TensorData {
  switch (dtype) {
    case 'f32': return new Float32Array(count);
    case 'i64': return new BigInt64Array(count);
    case 'i32': return new Int32Array(count);
    case 'i16': return new Int16Array(count);
    case 'i8': return new Int8Array(count);
    case 'u8':
    case 'bool': return new Uint8Array(count);
    case 'i4':
    case 'i2': return new Uint8Array(byteSize(dtype, count));
  }
}

/** Views little-endian bytes as typed elements (copies so the result is aligned). */
export function dataFromBytes(dtype: DType, bytes: Uint8Array): TensorData {
  // A fresh buffer at offset 0 (Node Buffers' slice() would share the parent's memory).
  const copy = new Uint8Array(bytes);
  const buf = copy.buffer;
  switch (dtype) {
    case 'f32': return new Float32Array(buf, 0, copy.byteLength >> 2);
    case 'i64': return new BigInt64Array(buf, 0, copy.byteLength >> 3);
    case 'i32': return new Int32Array(buf, 0, copy.byteLength >> 2);
    case 'i16': return new Int16Array(buf, 0, copy.byteLength >> 1);
    case 'i8': return new Int8Array(buf);
    default: return copy;
  }
}

/** The raw little-endian bytes of tensor data (a view, not a copy). */
export function bytesOf(data: TensorData): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** C type that stores one element (sub-byte types are stored as packed bytes). */
export function cTypeOf(dtype: DType): string {
  switch (dtype) {
    case 'f32': return 'float';
    case 'i64': return 'int64_t';
    case 'i32': return 'int32_t';
    case 'i16': return 'int16_t';
    case 'i8': return 'int8_t';
    case 'u8':
    case 'bool':
    case 'i4':
    case 'i2': return 'uint8_t';
  }
}
