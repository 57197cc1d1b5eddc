/**
 * The Ingot WebAssembly loader: instantiates an Ingot wasm bundle in Node or
 * a browser and exposes its inputs and outputs as typed arrays.
 *
 * A bundle is a `model.json` (tensor names, types, shapes, quantization and
 * addresses in the module's memory, and for each module its file, size and
 * SHA-256) plus two modules: one with SIMD128 kernels and one without, and
 * for most int8 models a third, the SIMD module with relaxed SIMD (a fused
 * multiply-add in its output stages; same outputs, fewer instructions).
 * The loader picks the relaxed module when the engine validates a
 * relaxed-SIMD instruction, else the SIMD module when it validates a SIMD
 * one, checks the module against model.json before compiling it, and
 * reports any mismatch as an `IngotLoadError` with a plain message.
 *
 * This file has no dependencies and no Node-only code: it ships inside
 * every bundle as `ingot-loader.js` (with `ingot-loader.d.ts`).
 */

export type DType = 'f32' | 'i64' | 'i32' | 'i16' | 'i8' | 'u8' | 'bool';
export type TypedArray = Float32Array | BigInt64Array | Int32Array | Int16Array | Int8Array | Uint8Array;

/** One input or output of the model, as model.json describes it. */
export interface TensorSpec {
  name: string;
  dtype: DType;
  shape: number[];
  /** Address of the tensor in the module's memory. */
  offset: number;
  bytes: number;
  /** Quantization (real = scale · (q − zeroPoint)); empty for float tensors. */
  scale: number[];
  zeroPoint: number[];
}

export interface ModuleSpec {
  file: string;
  simd: boolean;
  /** A SIMD module that also needs relaxed SIMD (absent: false). */
  relaxed?: boolean;
  bytes: number;
  sha256: string;
  /** Memory pages (64 KiB) the module declares. */
  pages: number;
}

export interface ModelJson {
  format: 'ingot-wasm';
  formatVersion: 1;
  name: string;
  generator: string;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  arena: { offset: number; bytes: number };
  modules: ModuleSpec[];
}

export type LoadErrorCode = 'fetch' | 'model-json' | 'no-module' | 'module-size' | 'module-hash' | 'module-compile' | 'module-exports' | 'input';

/** Every failure of the loader: a code to match on and a message to show. */
export class IngotLoadError extends Error {
  constructor(readonly code: LoadErrorCode, message: string) {
    super(message);
    this.name = 'IngotLoadError';
  }
}

/** Bundle files as bytes, by file name (`model.json`, `<name>.wasm`, …). */
export interface BundleBytes {
  files: Record<string, Uint8Array | ArrayBuffer | string>;
}

/** A bundle: its folder URL (or model.json's URL), or its files as bytes. */
export type BundleSource = string | URL | BundleBytes;

export interface LoadOptions {
  /** `'auto'` (default) uses SIMD when the engine has it; true/false force a build. */
  simd?: boolean | 'auto';
  /**
   * With SIMD, the relaxed-SIMD module: `'auto'` (default) where the engine
   * has relaxed SIMD and the bundle the module; true asks for it; false
   * keeps to the SIMD module.
   */
  relaxed?: boolean | 'auto';
  /** Check each module's size and SHA-256 against model.json (default true). */
  verify?: boolean;
  /** The fetch to use for URLs (default: the global one). */
  fetch?: (url: string) => Promise<{ ok: boolean; status: number; arrayBuffer(): Promise<ArrayBuffer> }>;
}

/** The slice of the WebAssembly JS API the loader uses (typed here to stay free of DOM typings). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: object): Promise<{ exports: Record<string, unknown> }>;
  Memory: abstract new (...args: never[]) => WasmMemory;
}
const wasmApi = (): WasmApi => (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface Exports {
  memory: WasmMemory;
  run: () => void;
  /** Present when the model keeps state between runs (an LSTM's hidden and cell state). */
  reset?: () => void;
}

/** A loaded model: write inputs, `run()`, read outputs. */
export class IngotModel {
  readonly name: string;
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];

  /** `relaxed`: the module is the bundle's relaxed-SIMD one. */
  constructor(readonly spec: ModelJson, readonly simd: boolean, readonly relaxed: boolean, private readonly exports: Exports) {
    this.name = spec.name;
    this.inputs = spec.inputs;
    this.outputs = spec.outputs;
  }

  /** A live view of input `which` (index or name); write it before `run()`. */
  input(which: number | string): TypedArray {
    return this.view(find(this.inputs, which, 'input'));
  }

  /** A live view of output `which`; valid until the next `run()`. */
  output(which: number | string): TypedArray {
    return this.view(find(this.outputs, which, 'output'));
  }

  /** Runs the model once on the current inputs. Inputs may be overwritten by the run. */
  run(): void {
    this.exports.run();
  }

  /**
   * Whether the model keeps state between runs (as TFLite Micro keeps an
   * LSTM's variable tensors): each run then continues from the last one.
   */
  get stateful(): boolean {
    return this.exports.reset !== undefined;
  }

  /** Sets the state kept between runs back to its start (done once on load); nothing for a stateless model. */
  reset(): void {
    this.exports.reset?.();
  }

  /**
   * Copies `inputs` in (typed arrays of the input's type, or plain numbers /
   * Float32Array for a quantized input, which are quantized), runs, and
   * returns copies of the outputs.
   */
  predict(inputs: ReadonlyArray<ArrayLike<number> | TypedArray>): TypedArray[] {
    if (inputs.length !== this.inputs.length) {
      throw new IngotLoadError('input', `${this.name} takes ${this.inputs.length} input(s), ${inputs.length} given`);
    }
    inputs.forEach((data, i) => this.setInput(i, data));
    this.run();
    return this.outputs.map((o) => this.view(o).slice());
  }

  /** Copies one input in, quantizing float data for a quantized input. */
  setInput(which: number | string, data: ArrayLike<number> | TypedArray): void {
    const spec = find(this.inputs, which, 'input');
    const view = this.view(spec);
    const count = view.length;
    if (data.length !== count) {
      throw new IngotLoadError('input', `input '${spec.name}' holds ${count} values [${spec.shape.join(',')}], ${data.length} given`);
    }
    const sameType = Object.getPrototypeOf(data) === Object.getPrototypeOf(view);
    if (sameType) (view as Uint8Array).set(data as Uint8Array);
    else if (spec.dtype !== 'f32' && spec.scale.length > 0) (view as Int8Array).set(quantize(data as ArrayLike<number>, spec) as Int8Array);
    else if (spec.dtype === 'f32' || spec.dtype === 'i64') throw new IngotLoadError('input', `input '${spec.name}' is ${spec.dtype}; pass a ${view.constructor.name}`);
    else (view as Int8Array).set(data as ArrayLike<number>);
  }

  private view(spec: TensorSpec): TypedArray {
    const Ctor = ARRAYS[spec.dtype];
    return new Ctor(this.exports.memory.buffer, spec.offset, spec.bytes / Ctor.BYTES_PER_ELEMENT);
  }
}

type ArrayCtor = { new (buffer: ArrayBuffer, offset: number, length: number): TypedArray; BYTES_PER_ELEMENT: number };

const ARRAYS: Record<DType, ArrayCtor> = {
  f32: Float32Array, i64: BigInt64Array, i32: Int32Array, i16: Int16Array, i8: Int8Array, u8: Uint8Array, bool: Uint8Array,
};

const RANGES: Partial<Record<DType, [number, number]>> = {
  i8: [-128, 127], u8: [0, 255], i16: [-32768, 32767], i32: [-2147483648, 2147483647],
};

/** Real values to the tensor's integer type: round(x / scale) + zeroPoint, saturated. */
export function quantize(values: ArrayLike<number>, spec: Pick<TensorSpec, 'dtype' | 'scale' | 'zeroPoint'>): TypedArray {
  const range = RANGES[spec.dtype];
  const scale = spec.scale[0];
  if (!range || scale === undefined) throw new IngotLoadError('input', `a ${spec.dtype} tensor without a scale cannot be quantized`);
  const zp = spec.zeroPoint[0] ?? 0;
  const out = new ARRAYS[spec.dtype](new ArrayBuffer(values.length * ARRAYS[spec.dtype].BYTES_PER_ELEMENT), 0, values.length);
  for (let i = 0; i < values.length; i++) {
    const x = Math.fround(Math.fround(values[i]!) / Math.fround(scale));
    const q = (x < 0 ? -Math.round(-x) : Math.round(x)) + zp;
    (out as Int32Array)[i] = q < range[0] ? range[0] : q > range[1] ? range[1] : q;
  }
  return out;
}

/** Integer values of a quantized tensor to reals: scale · (q − zeroPoint). */
export function dequantize(values: ArrayLike<number>, spec: Pick<TensorSpec, 'scale' | 'zeroPoint'>): Float32Array {
  const scale = spec.scale[0] ?? 1;
  const zp = spec.zeroPoint[0] ?? 0;
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = scale * (values[i]! - zp);
  return out;
}

/** A module whose one function splats an i32 into a v128: valid only where SIMD128 is. */
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 8, 1, 6, 0, 65, 0, 253, 15, 11]);

/** Whether this engine runs SIMD128 code. */
export function simdSupported(): boolean {
  try {
    return wasmApi().validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

/** A module whose one function is a relaxed fused multiply-add of three splats: valid only where relaxed SIMD is. */
const RELAXED_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 19, 1, 17, 0,
  65, 0, 253, 15, 65, 0, 253, 15, 65, 0, 253, 15, 253, 133, 2, 11]);

/** Whether this engine runs relaxed-SIMD code. */
export function relaxedSimdSupported(): boolean {
  try {
    return wasmApi().validate(RELAXED_PROBE);
  } catch {
    return false;
  }
}

/** The module this engine should run, by the options and what it validates. */
function chooseModule(spec: ModelJson, options: LoadOptions): ModuleSpec {
  const wantSimd = options.simd === undefined || options.simd === 'auto' ? simdSupported() : options.simd;
  const plain = spec.modules.find((m) => !m.simd);
  if (!wantSimd) {
    if (!plain) throw new IngotLoadError('no-module', `${spec.name}: the bundle has no non-SIMD module this engine can run`);
    return plain;
  }
  const simd = spec.modules.find((m) => m.simd && !m.relaxed);
  const relaxed = spec.modules.find((m) => m.simd && m.relaxed === true);
  if (options.relaxed === true) {
    if (!relaxed) throw new IngotLoadError('no-module', `${spec.name}: the bundle has no relaxed-SIMD module (its kernels gain nothing from relaxed SIMD)`);
    return relaxed;
  }
  const wantRelaxed = options.relaxed !== false && relaxed !== undefined && relaxedSimdSupported();
  const chosen = (wantRelaxed ? relaxed : undefined) ?? simd ?? plain;
  if (!chosen) throw new IngotLoadError('no-module', `${spec.name}: the bundle has no module this engine can run`);
  return chosen;
}

/** Loads a bundle from its URL or bytes and instantiates the module this engine should run. */
export async function loadBundle(source: BundleSource, options: LoadOptions = {}): Promise<IngotModel> {
  const read = fileReader(source, options);
  const spec = parseModelJson(await read('model.json'));
  const chosen = chooseModule(spec, options);
  const bytes = await read(chosen.file);
  if (options.verify !== false) await verifyModule(chosen, bytes);
  let instance: { exports: Record<string, unknown> };
  try {
    const module = await wasmApi().compile(bytes);
    instance = await wasmApi().instantiate(module, {});
  } catch (e) {
    throw new IngotLoadError('module-compile', `${chosen.file} is not a valid WebAssembly module for this engine: ${(e as Error).message}`);
  }
  const exports = instance.exports as Partial<Exports>;
  if (!(exports.memory instanceof wasmApi().Memory) || typeof exports.run !== 'function') {
    throw new IngotLoadError('module-exports', `${chosen.file} does not export 'memory' and 'run': it is not an Ingot module`);
  }
  const memoryBytes = exports.memory.buffer.byteLength;
  for (const t of [...spec.inputs, ...spec.outputs]) {
    if (t.offset + t.bytes > memoryBytes) {
      throw new IngotLoadError('module-exports', `${chosen.file} has ${memoryBytes} bytes of memory, but model.json places '${t.name}' at ${t.offset}+${t.bytes}: model.json belongs to another build`);
    }
  }
  const model = new IngotModel(spec, chosen.simd, chosen.relaxed === true, exports as Exports);
  model.reset();
  return model;
}

function fileReader(source: BundleSource, options: LoadOptions): (file: string) => Promise<Uint8Array> {
  if (typeof source === 'object' && !(source instanceof URL)) {
    return async (file) => {
      const data = source.files[file];
      if (data === undefined) throw new IngotLoadError('fetch', `the bundle has no file '${file}'`);
      return typeof data === 'string' ? new TextEncoder().encode(data) : data instanceof Uint8Array ? data : new Uint8Array(data);
    };
  }
  const href = String(source);
  const base = /\.json(\?.*)?$/.test(href) ? href : href.endsWith('/') ? href : `${href}/`;
  const doFetch = options.fetch ?? ((url: string) => fetch(url));
  return async (file) => {
    const url = new URL(file, base).href;
    let res: Awaited<ReturnType<typeof doFetch>>;
    try {
      res = await doFetch(url);
    } catch (e) {
      throw new IngotLoadError('fetch', `cannot fetch ${url}: ${(e as Error).message}`);
    }
    if (!res.ok) throw new IngotLoadError('fetch', `cannot fetch ${url}: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  };
}

/** Parses and checks model.json; a truncated or foreign file gets a clear error. */
export function parseModelJson(bytes: Uint8Array): ModelJson {
  let spec: Partial<ModelJson>;
  try {
    spec = JSON.parse(new TextDecoder().decode(bytes)) as Partial<ModelJson>;
  } catch (e) {
    throw new IngotLoadError('model-json', `model.json is not valid JSON (truncated or corrupt?): ${(e as Error).message}`);
  }
  if (spec === null || typeof spec !== 'object' || spec.format !== 'ingot-wasm') {
    throw new IngotLoadError('model-json', 'model.json is not an Ingot wasm bundle description (format is not "ingot-wasm")');
  }
  if (spec.formatVersion !== 1) throw new IngotLoadError('model-json', `model.json has format version ${String(spec.formatVersion)}; this loader reads version 1`);
  const tensorsOk = (ts: unknown): boolean => Array.isArray(ts) && ts.every((t: Partial<TensorSpec>) =>
    typeof t.name === 'string' && typeof t.dtype === 'string' && t.dtype in ARRAYS && Array.isArray(t.shape)
    && Number.isInteger(t.offset) && Number.isInteger(t.bytes) && Array.isArray(t.scale) && Array.isArray(t.zeroPoint));
  const modulesOk = Array.isArray(spec.modules) && spec.modules.every((m: Partial<ModuleSpec>) =>
    typeof m.file === 'string' && typeof m.simd === 'boolean' && (m.relaxed === undefined || typeof m.relaxed === 'boolean') &&
    Number.isInteger(m.bytes) && typeof m.sha256 === 'string');
  if (!tensorsOk(spec.inputs) || !tensorsOk(spec.outputs) || !modulesOk || typeof spec.name !== 'string') {
    throw new IngotLoadError('model-json', 'model.json is missing fields or has fields of the wrong type');
  }
  return spec as ModelJson;
}

async function verifyModule(m: ModuleSpec, bytes: Uint8Array): Promise<void> {
  if (bytes.length !== m.bytes) {
    throw new IngotLoadError('module-size', `${m.file} is ${bytes.length} bytes, model.json expects ${m.bytes}: the file is truncated or corrupt`);
  }
  const digest = await sha256Hex(bytes);
  if (digest !== m.sha256) {
    throw new IngotLoadError('module-hash', `${m.file} does not match model.json (SHA-256 ${digest.slice(0, 12)}…, expected ${m.sha256.slice(0, 12)}…): the file is corrupt or from another build`);
  }
}

function find(specs: readonly TensorSpec[], which: number | string, role: string): TensorSpec {
  const spec = typeof which === 'number' ? specs[which] : specs.find((s) => s.name === which);
  if (!spec) throw new IngotLoadError('input', `the model has no ${role} ${JSON.stringify(which)}`);
  return spec;
}

/** SHA-256 as hex: WebCrypto when present, else a small built-in version. */
async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = (globalThis as { crypto?: { subtle?: { digest(a: string, d: Uint8Array): Promise<ArrayBuffer> } } }).crypto?.subtle;
  const digest = subtle ? new Uint8Array(await subtle.digest('SHA-256', bytes)) : sha256(bytes);
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** FIPS 180-4 SHA-256, for engines without WebCrypto (e.g. pages served over plain http). */
export function sha256(data: Uint8Array): Uint8Array {
  const padded = new Uint8Array(Math.ceil((data.length + 9) / 64) * 64);
  padded.set(data);
  padded[data.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(data.length / 0x20000000));
  view.setUint32(padded.length - 4, (data.length << 3) >>> 0);
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Uint32Array(64);
  const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15]!;
      const b = w[i - 2]!;
      w[i] = w[i - 16]! + (rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3)) + w[i - 7]! + (rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10));
    }
    let [a, b, c, d, e, f, g, hh] = h as unknown as [number, number, number, number, number, number, number, number];
    for (let i = 0; i < 64; i++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) >>> 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      hh = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
    }
    [a, b, c, d, e, f, g, hh].forEach((v, i) => (h[i] = (h[i]! + v) >>> 0));
  }
  const out = new Uint8Array(32);
  new DataView(out.buffer).setUint32(0, 0);
  h.forEach((v, i) => new DataView(out.buffer).setUint32(i * 4, v));
  return out;
}
