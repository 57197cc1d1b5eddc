/**
 * NumPy .npy files (format versions 1–3, little-endian, C order) for
 * int8, uint8, int16, int32, int64, float32 and bool arrays: parse from
 * bytes and serialise to bytes. File access stays with the caller.
 */
import { dataFromBytes, fail, type DType, type TensorData } from '../ir/index.js';

export interface NpyArray {
  dtype: DType;
  shape: number[];
  data: TensorData;
}

const DESCR_TO_DTYPE: Record<string, DType> = {
  '|i1': 'i8', 'i1': 'i8', '|u1': 'u8', 'u1': 'u8', '|b1': 'bool', 'b1': 'bool',
  '<i2': 'i16', '<i4': 'i32', '<i8': 'i64', '<f4': 'f32',
};
const DTYPE_TO_DESCR: Partial<Record<DType, string>> = { i8: '|i1', u8: '|u1', bool: '|b1', i16: '<i2', i32: '<i4', i64: '<i8', f32: '<f4' };
const ITEM_SIZE: Partial<Record<DType, number>> = { i8: 1, u8: 1, bool: 1, i16: 2, i32: 4, i64: 8, f32: 4 };
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

export interface NpyParseOptions {
  /** Accept float64 ('<f8') arrays, converted to float32 (calibration data is often saved as float64). */
  float64ToFloat32?: boolean;
}

export function parseNpy(bytes: Uint8Array, label = 'array', options: NpyParseOptions = {}): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    fail('npy/invalid', `${label} is not a NumPy .npy file (bad magic)`, { hint: 'save it with numpy.save' });
  }
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = major === 1 ? view.getUint16(8, true) : bytes.length >= 12 ? view.getUint32(8, true) : -1;
  const headerStart = major === 1 ? 10 : 12;
  if (headerLen < 0 || headerStart + headerLen > bytes.length) fail('npy/invalid', `${label}: the .npy header is truncated`);
  const header = new TextDecoder('latin1').decode(bytes.subarray(headerStart, headerStart + headerLen));
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) fail('npy/invalid', `${label}: cannot read the .npy header ${JSON.stringify(header.trim())}`);
  const widen = descr === '<f8' && options.float64ToFloat32 === true;
  const dtype = widen ? 'f32' : DESCR_TO_DTYPE[descr];
  if (dtype === undefined) {
    fail('npy/unsupported-dtype', `${label} holds ${descr} elements; supported are int8, uint8, int16, int32, int64, float32 and bool (little-endian)`, {
      hint: 'convert it with array.astype(...)',
    });
  }
  if (fortran === 'True') fail('npy/invalid', `${label} is in Fortran order`, { hint: 'save numpy.ascontiguousarray(array)' });
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) fail('npy/invalid', `${label}: bad shape (${shapeText})`);
  const count = shape.reduce((a, b) => a * b, 1);
  const dataStart = headerStart + headerLen;
  const need = count * (widen ? 8 : ITEM_SIZE[dtype]!);
  if (bytes.length - dataStart < need) fail('npy/invalid', `${label}: ${need} bytes of data expected, ${bytes.length - dataStart} present`);
  if (widen) {
    const wide = new Float64Array(bytes.slice(dataStart, dataStart + need).buffer);
    return { dtype, shape, data: Float32Array.from(wide) };
  }
  return { dtype, shape, data: dataFromBytes(dtype, bytes.subarray(dataStart, dataStart + need)) };
}

export function serializeNpy(a: NpyArray): Uint8Array {
  const descr = DTYPE_TO_DESCR[a.dtype];
  if (descr === undefined) fail('npy/unsupported-dtype', `cannot write ${a.dtype} arrays to .npy`);
  const shape = a.shape.length === 1 ? `(${a.shape[0]},)` : `(${a.shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  // Pad so the data starts on a 64-byte boundary, ending with a newline.
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + a.data.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength), 10 + header.length);
  return out;
}
