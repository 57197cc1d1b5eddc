/**
 * ONNX TensorProto → IR element type, shape and typed data.
 *
 * Data may sit in raw_data (little-endian bytes) or in the typed repeated
 * fields (float_data, int32_data — which also carries int8/uint8/int16/bool
 * — int64_data, double_data). Tensors stored outside the file (external
 * data) cannot be read from the model bytes alone and get their own
 * diagnostic. int64 values are saturated to the int64 range, since protobuf
 * decoding hands them over as JS numbers.
 */
import { byteSize, dataFromBytes, elementCount, fail, formatShape, type DType, type TensorData } from '../../ir/index.js';
import { DATA_TYPE_NAMES, type OnnxTensor } from './schema.js';

/** ONNX element types Ingot represents, by TensorProto.DataType code. */
const DTYPES: Record<number, DType> = { 1: 'f32', 2: 'u8', 3: 'i8', 5: 'i16', 6: 'i32', 7: 'i64', 9: 'bool' };

/** Types that constants may use: converted to the nearest IR type on load (double → float32). */
const CONST_ONLY: Record<number, DType> = { 11: 'f32' };

/** Largest tensor accepted, so a corrupt shape cannot ask for gigabytes. */
const MAX_TENSOR_BYTES = 1 << 30;

export interface LoadedTensor {
  dtype: DType;
  shape: number[];
  data: TensorData;
}

export function dataTypeName(code: number): string {
  return DATA_TYPE_NAMES[code] ?? `type code ${code}`;
}

/** The IR type of an ONNX element type, or undefined when Ingot has none. */
export function irDtypeOf(code: number): DType | undefined {
  return DTYPES[code];
}

/** True when the tensor's bytes live in a separate file. */
export function isExternal(t: OnnxTensor): boolean {
  return t.dataLocation === 1 || t.externalData.length > 0;
}

/**
 * Reads a TensorProto. `where` names it in diagnostics (e.g. "initializer 'fc1.weight'").
 */
export function loadTensor(t: OnnxTensor, where: string): LoadedTensor {
  if (isExternal(t)) {
    const file = t.externalData.find((e) => e.key === 'location')?.value;
    fail('onnx/external-data', `${where} keeps its data in an external file${file ? ` ('${file}')` : ''}, which Ingot does not read`, {
      tensor: t.name,
      hint: 'embed the weights: onnx.save(onnx.load(path), out_path, save_as_external_data=False) (models under 2 GB)',
    });
  }
  const dtype = DTYPES[t.dataType] ?? CONST_ONLY[t.dataType];
  if (dtype === undefined) {
    fail('onnx/unsupported-type', `${where} has element type ${dataTypeName(t.dataType)}, which Ingot does not support`, {
      tensor: t.name, hint: 'convert the model to float32, or to int8/uint8 quantization',
    });
  }
  const shape = t.dims.map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) fail('onnx/invalid', `${where} has an invalid shape ${formatShape(shape)}`, { tensor: t.name });
  const count = elementCount(shape);
  const bytes = byteSize(dtype, count);
  if (bytes > MAX_TENSOR_BYTES) fail('onnx/invalid', `${where} ${formatShape(shape)} would need ${bytes} bytes`, { tensor: t.name });
  const data = readData(t, dtype, count, where);
  return { dtype, shape, data };
}

function readData(t: OnnxTensor, dtype: DType, count: number, where: string): TensorData {
  const raw = t.rawData;
  if (raw && raw.length > 0) {
    if (t.dataType === 11) return fromNumbers('f32', count, doubles(raw, count, where, t.name));
    const want = byteSize(dtype, count);
    if (raw.length !== want) fail('onnx/invalid', `${where} holds ${raw.length} bytes of raw data; ${count} elements of ${dataTypeName(t.dataType)} need ${want}`, { tensor: t.name });
    return dataFromBytes(dtype, raw);
  }
  const values = typedValues(t);
  if (values.length !== count && !(count === 0 && values.length === 0)) {
    fail('onnx/invalid', `${where} has ${values.length} values for shape ${formatShape(t.dims.map(Number))}`, { tensor: t.name });
  }
  return fromNumbers(dtype, count, values);
}

function typedValues(t: OnnxTensor): number[] {
  switch (t.dataType) {
    case 1: return t.floatData;
    case 7: return t.int64Data;
    case 11: return t.doubleData;
    default: return t.int32Data;
  }
}

function doubles(raw: Uint8Array, count: number, where: string, name: string): number[] {
  if (raw.length !== count * 8) fail('onnx/invalid', `${where} holds ${raw.length} bytes of raw data for ${count} doubles`, { tensor: name });
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  return Array.from({ length: count }, (_, i) => view.getFloat64(i * 8, true));
}

const INT64_MAX = 9223372036854775807n;

/** Typed data of `dtype` from JS numbers (int64 saturated, since protobuf numbers may exceed 2^63). */
export function fromNumbers(dtype: DType, count: number, values: ArrayLike<number>): TensorData {
  if (dtype === 'i64') {
    const out = new BigInt64Array(count);
    for (let i = 0; i < count; i++) {
      const v = values[i]!;
      out[i] = v >= 9.2e18 ? INT64_MAX : v <= -9.2e18 ? -INT64_MAX - 1n : BigInt(Math.trunc(v));
    }
    return out;
  }
  switch (dtype) {
    case 'f32': return Float32Array.from({ length: count }, (_, i) => values[i]!);
    case 'i32': return Int32Array.from({ length: count }, (_, i) => values[i]!);
    case 'i16': return Int16Array.from({ length: count }, (_, i) => values[i]!);
    case 'i8': return Int8Array.from({ length: count }, (_, i) => values[i]!);
    default: return Uint8Array.from({ length: count }, (_, i) => values[i]!);
  }
}

/** Elements of any typed data as JS numbers (int64 through Number). */
export function toNumbers(data: TensorData): number[] {
  return Array.from(data as ArrayLike<number | bigint>, Number);
}
