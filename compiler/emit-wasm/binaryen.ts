/**
 * The one door to binaryen: every other file of the wasm backend builds
 * code through the typed helpers here and never imports binaryen itself.
 *
 * binaryen is large (about 100 MB, a second to load), so it is loaded
 * lazily with a dynamic `import()` on the first emit; commands that never
 * emit wasm never pay for it. A finished module is always validated before
 * it is optimized or written, and a validation failure is an internal
 * error (a bug in a kernel), never a half-written bundle.
 */
import type BinaryenNs from 'binaryen';

/** The binaryen namespace, available once `loadBinaryen` resolved. */
export type Binaryen = typeof BinaryenNs;
/** A binaryen expression (an index into binaryen's own heap). */
export type Expr = number;
/** A wasm value type as binaryen numbers it. */
export type WasmType = number;
/** The expression builders of a binaryen module (`m.i32.add(…)`, `m.v128.load(…)`, …). */
export type ExprBuilder = BinaryenNs.Module;

let loaded: Promise<Binaryen> | undefined;

/** Loads binaryen once per process. */
export function loadBinaryen(): Promise<Binaryen> {
  loaded ??= import('binaryen').then((ns) => (ns as unknown as { default: Binaryen }).default);
  return loaded;
}

/** The value types kernels use. */
export interface WasmTypes {
  none: WasmType;
  i32: WasmType;
  i64: WasmType;
  f32: WasmType;
  f64: WasmType;
  v128: WasmType;
}

/** A loop bound: a compile-time constant or a run-time expression (see `FunctionBuilder.dyn`). */
export type Bound = number | { expr: Expr };

/** A fixed-length array type, so destructuring needs no undefined checks. */
export type Tuple<T, N extends number, R extends T[] = []> = R['length'] extends N ? R : Tuple<T, N, [T, ...R]>;

/** A local variable of the function being built. */
export interface Local {
  readonly index: number;
  readonly type: WasmType;
  get(): Expr;
  set(value: Expr): Expr;
  tee(value: Expr): Expr;
}

export interface DataSegment {
  offset: number;
  bytes: Uint8Array;
}

/** binaryen's C API for the relaxed-SIMD ops the kernels use, which its JS wrapper does not cover. */
interface RelaxedApi {
  _BinaryenSIMDTernary(module: number, op: number, a: Expr, b: Expr, c: Expr): Expr;
  _BinaryenBinary(module: number, op: number, a: Expr, b: Expr): Expr;
  _BinaryenRelaxedMaddVecF32x4(): number;
  _BinaryenRelaxedSwizzleVecI8x16(): number;
}

/** Thrown when binaryen rejects what a kernel built: a bug in Ingot, not bad input. */
export class WasmValidationError extends Error {}

/** One wasm module under construction. */
export class ModuleBuilder {
  readonly m: ExprBuilder;
  readonly t: WasmTypes;
  private readonly functions = new Set<string>();

  /** Relaxed-SIMD instructions the functions used (a relaxed build that used none is the SIMD build again). */
  relaxedUses = 0;

  /**
   * `relaxed`: a SIMD module that may also use relaxed SIMD where every
   * engine's reading gives the same bits (`FunctionBuilder.mulAdd`,
   * `swizzleInRange`).
   */
  constructor(readonly binaryen: Binaryen, readonly simd: boolean, readonly relaxed = false) {
    if (relaxed && !simd) throw new Error('a relaxed-SIMD module is a SIMD module');
    this.m = new binaryen.Module();
    const F = binaryen.Features;
    this.m.setFeatures(F.MutableGlobals | F.SignExt | F.BulkMemory | F.BulkMemoryOpt | F.NontrappingFPToInt |
      (simd ? F.SIMD128 : 0) | (relaxed ? F.RelaxedSIMD : 0));
    this.t = { none: binaryen.none, i32: binaryen.i32, i64: binaryen.i64, f32: binaryen.f32, f64: binaryen.f64, v128: binaryen.v128 };
  }

  private readonly interned = new Map<string, string>();
  private readonly prefixCounts = new Map<string, number>();

  /**
   * The function for `key`: the first call names it `<prefix>_<n>` (n counts
   * per prefix, so names are deterministic) and defines it with `define`;
   * later calls with an equal key reuse it.
   */
  intern(prefix: string, key: string, define: (name: string) => void): string {
    const full = `${prefix}\u0000${key}`;
    const known = this.interned.get(full);
    if (known) return known;
    const n = this.prefixCounts.get(prefix) ?? 0;
    this.prefixCounts.set(prefix, n + 1);
    const name = `${prefix}_${n}`;
    this.interned.set(full, name);
    define(name);
    return name;
  }

  private memoryPages: number | undefined;

  /** The memory's fixed size in pages (set by `setMemory`, which precedes every function). */
  pages(): number {
    if (this.memoryPages === undefined) throw new Error('the memory is set before any function is built');
    return this.memoryPages;
  }

  hasFunction(name: string): boolean {
    return this.functions.has(name);
  }

  /** Adds a function whose parameters are `params`; `build` returns its body. */
  addFunction(name: string, params: WasmType[], result: WasmType, build: (f: FunctionBuilder) => Expr): void {
    const f = new FunctionBuilder(this, params);
    const built = build(f);
    const body = f.prologue.length > 0 ? this.m.block(null, [...f.prologue, built], result) : built;
    this.m.addFunction(name, this.binaryen.createType(params), result, f.localTypes(), body);
    this.functions.add(name);
  }

  exportFunction(name: string, as: string): void {
    this.m.addFunctionExport(name, as);
  }

  /** Makes function `name` the module's start function (run once at instantiation). */
  setStart(name: string): void {
    this.m.setStart(this.m.getFunction(name));
  }

  /** A fixed-size memory exported as `memory`, with active data segments. */
  setMemory(pages: number, segments: DataSegment[]): void {
    this.memoryPages = pages;
    this.m.setMemory(pages, pages, 'memory', segments.map((s) => ({ offset: this.m.i32.const(s.offset), data: s.bytes, passive: false })));
  }

  /** Validates, optimizes (binaryen -O3) and returns the binary. */
  finish(optimize = true): Uint8Array {
    if (!this.m.validate()) throw new WasmValidationError('binaryen rejected the generated module');
    if (optimize) {
      this.binaryen.setOptimizeLevel(3);
      this.binaryen.setShrinkLevel(0);
      this.binaryen.setFlexibleInlineMaxSize(40);
      this.binaryen.setOneCallerInlineMaxSize(15);
      this.m.optimize();
      if (!this.m.validate()) throw new WasmValidationError('the optimized module no longer validates');
    }
    return this.m.emitBinary();
  }

  /** The module as WAT text (for golden files and debugging). */
  text(): string {
    return this.m.emitText();
  }

  dispose(): void {
    this.m.dispose();
  }
}

/** Locals, labels and loop shapes for one function body. */
export class FunctionBuilder {
  readonly m: ExprBuilder;
  readonly t: WasmTypes;
  private readonly vars: WasmType[] = [];
  private labels = 0;
  /** Statements run at the function's entry, before its body (see `invariant`). */
  readonly prologue: Expr[] = [];
  private readonly invariants = new Map<string, Local>();

  constructor(readonly module: ModuleBuilder, private readonly paramTypes: WasmType[]) {
    this.m = module.m;
    this.t = module.t;
  }

  /** Parameter `i` as a local. */
  param(i: number): Local {
    const type = this.paramTypes[i];
    if (type === undefined) throw new RangeError(`no parameter ${i}`);
    return this.makeLocal(i, type);
  }

  /** The first `n` parameters as locals. */
  params<N extends number>(n: N): Tuple<Local, N> {
    return Array.from({ length: n }, (_, i) => this.param(i)) as Tuple<Local, N>;
  }

  /** `n` fresh locals of one type. */
  locals<N extends number>(n: N, type: WasmType): Tuple<Local, N> {
    return Array.from({ length: n }, () => this.local(type)) as Tuple<Local, N>;
  }

  /** A fresh local of `type` (zero-initialised by wasm). */
  local(type: WasmType): Local {
    this.vars.push(type);
    return this.makeLocal(this.paramTypes.length + this.vars.length - 1, type);
  }

  localTypes(): WasmType[] {
    return this.vars;
  }

  /** A block of statements (dropping nothing: each must be of type none). */
  block(stmts: Expr[]): Expr {
    return stmts.length === 1 ? stmts[0]! : this.m.block(null, stmts, this.t.none);
  }

  /**
   * `for (v = from; v < to; v += step) body` with an i32 counter. Bounds are
   * constants (plain numbers) or run-time values wrapped by `dyn`. Constant
   * bounds that run zero times emit nothing, and a loop known to run at
   * least once skips the entry test.
   */
  forRange(v: Local, from: Bound, to: Bound, body: Expr[], step = 1): Expr {
    const m = this.m;
    if (typeof from === 'number' && typeof to === 'number' && from >= to) return m.nop();
    const start = typeof from === 'number' ? m.i32.const(from) : from.expr;
    const end = (): Expr => (typeof to === 'number' ? m.i32.const(to) : m.copyExpression(to.expr));
    const label = `L${this.labels++}`;
    const loop = m.loop(label, m.block(null, [
      ...body,
      v.set(m.i32.add(v.get(), m.i32.const(step))),
      m.br(label, m.i32.lt_s(v.get(), end())),
    ], this.t.none));
    const runsOnce = typeof from === 'number' && typeof to === 'number';
    return m.block(null, [v.set(start), runsOnce ? loop : m.if(m.i32.lt_s(v.get(), end()), loop)], this.t.none);
  }

  /** A run-time loop bound (an expression, which binaryen also numbers). */
  dyn(expr: Expr): Bound {
    return { expr };
  }

  /** Repeats `body` `count` times (count ≥ 0 known at compile time) with a hidden counter. */
  repeat(count: number, body: Expr[]): Expr {
    if (count <= 0) return this.m.nop();
    if (count === 1) return this.block(body);
    return this.forRange(this.local(this.t.i32), 0, count, body);
  }

  /** i32 constant. */
  i32(value: number): Expr {
    return this.m.i32.const(value | 0);
  }

  /**
   * A v128 constant held in a local set once at the function's entry. V8's
   * newer optimizing tier (Chromium) rebuilds a v128.const at every use, in
   * three instructions, even inside a loop; a local is kept in a register
   * or reloaded in one. binaryen would put a constant local's value back at
   * its uses, so the entry computes it from the memory's size, which only
   * the engine knows is fixed: const ^ splat(memory.size − pages) (zero).
   */
  invariant(bytes: readonly number[]): Expr {
    const key = bytes.join(',');
    let l = this.invariants.get(key);
    if (!l) {
      const m = this.m;
      l = this.local(this.t.v128);
      const zero = m.i32x4.splat(m.i32.sub(m.memory.size(), m.i32.const(this.module.pages())));
      this.prologue.push(l.set(m.v128.xor(m.v128.const([...bytes]), zero)));
      this.invariants.set(key, l);
    }
    return l.get();
  }

  /**
   * a·b + c on f32x4: `f32x4.relaxed_madd` in a relaxed module when the
   * caller's constants give the same bits rounded once or twice (`either`),
   * else `f32x4.mul` then `f32x4.add`.
   */
  mulAdd(a: Expr, b: Expr, c: Expr, either: boolean): Expr {
    if (!this.module.relaxed || !either) return this.m.f32x4.add(this.m.f32x4.mul(a, b), c);
    const api = this.relaxedApi();
    return api._BinaryenSIMDTernary(this.m.ptr, api._BinaryenRelaxedMaddVecF32x4(), a, b, c);
  }

  /**
   * `i8x16.swizzle` of `a` by `indices` whose every lane is below 16 or has
   * its high bit set (a zero): there `i8x16.relaxed_swizzle` agrees on every
   * engine, and x86 needs no fix-up of the indices before `pshufb`.
   */
  swizzleInRange(a: Expr, indices: Expr): Expr {
    if (!this.module.relaxed) return this.m.i8x16.swizzle(a, indices);
    const api = this.relaxedApi();
    return api._BinaryenBinary(this.m.ptr, api._BinaryenRelaxedSwizzleVecI8x16(), a, indices);
  }

  /** binaryen's C API for a relaxed-SIMD op about to be built, counted as the module's use of relaxed SIMD. */
  private relaxedApi(): RelaxedApi {
    this.module.relaxedUses++;
    return this.module.binaryen as unknown as RelaxedApi;
  }

  /** `value` repeated over the lanes of `shape`, held like `invariant` (an integer taken modulo its lane's width). */
  splatInvariant(shape: 'i8x16' | 'i16x8' | 'i32x4' | 'f32x4', value: number): Expr {
    const bytes = new Uint8Array(16);
    const view = new DataView(bytes.buffer);
    const width = shape === 'i8x16' ? 1 : shape === 'i16x8' ? 2 : 4;
    for (let at = 0; at < 16; at += width) {
      if (shape === 'f32x4') view.setFloat32(at, value, true);
      else if (width === 1) view.setUint8(at, value & 0xff);
      else if (width === 2) view.setUint16(at, value & 0xffff, true);
      else view.setUint32(at, value >>> 0, true);
    }
    return this.invariant([...bytes]);
  }

  /** The all-zero v128 constant. */
  zeroV128(): Expr {
    return this.m.v128.const(new Array<number>(16).fill(0));
  }

  /** A v128 constant of eight int16 lanes (little-endian; values taken modulo 2^16). */
  i16x8Const(lanes: readonly number[]): Expr {
    return this.m.v128.const(lanes.flatMap((v) => [v & 0xff, (v >> 8) & 0xff]));
  }

  /** i64 constant from a JS integer (exact up to 2^53). */
  i64(value: number): Expr {
    return this.m.i64.const(BigInt(value));
  }

  /**
   * `ptr + bytes` for a constant byte count, folding a zero offset. Only
   * constants: an Expr is a number too (binaryen's expression reference),
   * so one passed here would be added as if it were a byte count.
   */
  addr(ptr: Expr, bytes: number): Expr {
    return bytes === 0 ? ptr : this.m.i32.add(ptr, this.m.i32.const(bytes));
  }

  private makeLocal(index: number, type: WasmType): Local {
    const m = this.m;
    return {
      index,
      type,
      get: () => m.local.get(index, type),
      set: (value: Expr) => m.local.set(index, value),
      tee: (value: Expr) => m.local.tee(index, value, type),
    };
  }
}
