/**
 * A FlexBuffers reader for TFLite custom operators' options, which custom
 * operators (TFLite Micro's signal ops among them) store as a FlexBuffer
 * map of names to numbers, booleans and vectors.
 *
 * The format, little-endian: the buffer ends with the root value, its packed
 * type byte and its byte width. A packed type is (type << 2) | log2(width),
 * the width being that of the child the value points to; an inline scalar
 * has its parent's width. Values stored by offset (strings, keys, vectors,
 * maps, indirect scalars) hold an unsigned distance back to the child.
 * Vectors are [size][elements…] with the offset at the first element,
 * followed (untyped vectors and maps) by one packed type byte per element;
 * a map is an untyped vector of its values preceded by the offset and byte
 * width of its keys vector (a typed vector of NUL-terminated keys).
 *
 * Every read is bounds-checked, offsets must point backwards, nesting is
 * limited and so is the number of values decoded (children may be shared,
 * so a small buffer could otherwise describe exponentially many), so a
 * corrupt buffer gives a diagnostic, never a hang.
 */
import { fail } from '../../ir/index.js';

export type FlexValue = null | number | bigint | boolean | string | Uint8Array | FlexValue[] | { [key: string]: FlexValue };

const MAX_DEPTH = 32;
/** Values decoded per byte of buffer at most: a real options map decodes far fewer. */
const VALUES_PER_BYTE = 8;
const [NULL, INT, UINT, FLOAT, KEY, STRING, INDIRECT_INT, INDIRECT_UINT, INDIRECT_FLOAT, MAP, VECTOR] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const [VECTOR_INT, VECTOR_KEY, VECTOR_STRING, VECTOR_INT2, VECTOR_FLOAT4, BLOB, BOOL, VECTOR_BOOL] = [11, 14, 15, 16, 24, 25, 26, 36];

/** Decodes the root value of a FlexBuffer; `what` names the buffer in errors (e.g. "operator 3's options"). */
export function readFlexbuffer(bytes: Uint8Array, what: string): FlexValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bad = (message: string): never => fail('tflite/bad-buffer', `${what}: ${message}`, { hint: 'the model file is damaged; export it again' });
  const need = (pos: number, size: number): void => {
    if (pos < 0 || size < 0 || pos + size > bytes.length) bad(`${size} byte(s) at offset ${pos} lie outside its ${bytes.length} bytes`);
  };
  const uint = (pos: number, width: number): number | bigint => {
    need(pos, width);
    if (width === 1) return view.getUint8(pos);
    if (width === 2) return view.getUint16(pos, true);
    if (width === 4) return view.getUint32(pos, true);
    if (width === 8) return small(view.getBigUint64(pos, true));
    return bad(`byte width ${width} at offset ${pos}`);
  };
  const int = (pos: number, width: number): number | bigint => {
    need(pos, width);
    if (width === 1) return view.getInt8(pos);
    if (width === 2) return view.getInt16(pos, true);
    if (width === 4) return view.getInt32(pos, true);
    if (width === 8) return small(view.getBigInt64(pos, true));
    return bad(`byte width ${width} at offset ${pos}`);
  };
  const float = (pos: number, width: number): number => {
    need(pos, width);
    if (width === 4) return view.getFloat32(pos, true);
    if (width === 8) return view.getFloat64(pos, true);
    return bad(`a ${width}-byte float at offset ${pos}`);
  };
  const count = (pos: number, width: number): number => {
    const n = uint(pos, width);
    return typeof n === 'number' ? n : bad(`size ${n} at offset ${pos}`);
  };
  const follow = (pos: number, width: number): number => {
    const back = uint(pos, width);
    return typeof back === 'number' && back <= pos ? pos - back : bad(`offset ${back} at ${pos} does not point back into the buffer`);
  };
  const key = (pos: number): string => {
    const end = bytes.indexOf(0, pos);
    return end < 0 ? bad(`unterminated key at offset ${pos}`) : new TextDecoder().decode(bytes.subarray(pos, end));
  };

  let values = 0;
  const value = (pos: number, parentWidth: number, packed: number, depth: number): FlexValue => {
    if (depth > MAX_DEPTH) bad(`nested deeper than ${MAX_DEPTH}`);
    if (++values > VALUES_PER_BYTE * bytes.length) bad(`it describes more values than its ${bytes.length} bytes can hold`);
    const type = packed >> 2;
    const width = 1 << (packed & 3);
    switch (type) {
      case NULL: return null;
      case INT: return int(pos, parentWidth);
      case UINT: return uint(pos, parentWidth);
      case FLOAT: return float(pos, parentWidth);
      case BOOL: return uint(pos, parentWidth) !== 0;
      case INDIRECT_INT: return int(follow(pos, parentWidth), width);
      case INDIRECT_UINT: return uint(follow(pos, parentWidth), width);
      case INDIRECT_FLOAT: return float(follow(pos, parentWidth), width);
      case KEY: return key(follow(pos, parentWidth));
      case STRING: case BLOB: {
        const start = follow(pos, parentWidth);
        const size = count(start - width, width);
        need(start, size);
        const body = bytes.slice(start, start + size);
        return type === STRING ? new TextDecoder().decode(body) : body;
      }
      case VECTOR: return untyped(follow(pos, parentWidth), width, depth);
      case MAP: {
        const start = follow(pos, parentWidth);
        const size = count(start - width, width);
        const keysWidth = count(start - 2 * width, width);
        if (![1, 2, 4, 8].includes(keysWidth)) bad(`keys width ${keysWidth} at offset ${start - 2 * width}`);
        const keysStart = follow(start - 3 * width, width);
        if (count(keysStart - keysWidth, keysWidth) !== size) bad(`the map at offset ${start} has ${size} values but a different number of keys`);
        const keys = typed(keysStart, keysWidth, size, KEY, depth) as string[];
        const values = untyped(start, width, depth);
        return Object.fromEntries(keys.map((k, i) => [k, values[i]!]));
      }
      default: break;
    }
    if ((type >= VECTOR_INT && type <= VECTOR_STRING) || type === VECTOR_BOOL) {
      const element = type === VECTOR_BOOL ? BOOL : type === VECTOR_KEY || type === VECTOR_STRING ? KEY : type - VECTOR_INT + INT;
      const start = follow(pos, parentWidth);
      return typed(start, width, count(start - width, width), element, depth);
    }
    if (type >= VECTOR_INT2 && type <= VECTOR_FLOAT4) {
      const k = type - VECTOR_INT2;
      return typed(follow(pos, parentWidth), width, Math.floor(k / 3) + 2, (k % 3) + INT, depth);
    }
    return bad(`unknown value type ${type} at offset ${pos}`);
  };
  const typed = (start: number, width: number, size: number, element: number, depth: number): FlexValue[] => {
    need(start, size * width);
    return Array.from({ length: size }, (_, i) => value(start + i * width, width, element << 2, depth + 1));
  };
  const untyped = (start: number, width: number, depth: number): FlexValue[] => {
    const size = count(start - width, width);
    need(start, size * width + size);
    return Array.from({ length: size }, (_, i) => value(start + i * width, width, bytes[start + size * width + i]!, depth + 1));
  };

  if (bytes.length < 3) bad(`${bytes.length} byte(s) are too short for a FlexBuffer`);
  const rootWidth = bytes[bytes.length - 1]!;
  if (![1, 2, 4, 8].includes(rootWidth)) bad(`root byte width ${rootWidth}`);
  return value(bytes.length - 2 - rootWidth, rootWidth, bytes[bytes.length - 2]!, 0);
}

const small = (v: bigint): number | bigint => (v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
