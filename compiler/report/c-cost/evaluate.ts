/**
 * Counts what the machine code of a C translation unit will be made of,
 * the way an optimising compiler would see it: operations by kind and width
 * (32-bit integer, 64-bit integer, floating point, vector), memory accesses,
 * branches, loops, calls, inline-asm instructions and wide constants.
 *
 * It is a small abstract interpreter over the syntax trees of
 * `parser.ts`. Every literal and `const` name is a known value, loop
 * counters and arithmetic on them have known bounds, pointers are known
 * offsets of their base (values.ts), and the inline helpers of the runtime
 * headers are expanded at each call with their arguments bound, so what the
 * compiler folds away costs nothing here either: `ingot_mbqm(x, 1 << 30, 1)`
 * loses its rounding shift, a clamp to the full int32 range disappears, an
 * `if` on a literal keeps one branch, a one-trip loop is straight code, a
 * window clamp the loop bounds decide is gone, a kernel called once is
 * merged into its caller and an in-place copy between equal arena offsets
 * vanishes. Within a statement a repeated expression is computed once, and
 * element accesses sharing a base and variable index share one address.
 * What remains is counted once per place in the source (a loop body once,
 * not per iteration), because code size, not run time, is the question.
 */
import type { CFunction, CType, Declarator, Expr, Stmt } from './parser.js';
import { callCounts, exprKey, isPure, variablePart, writtenNames } from './syntax.js';
import { arithmeticType, bind, COMPARISONS, decide, fits32, FOLD, INT32, RANGE_OPS, rangeOf, Scope, wrap, type Range, type Value } from './values.js';

/** Operation counts of a piece of C: the features of the code-size model. */
export interface OpCounts {
  /** Integer operations up to 32 bits (arithmetic, logic, shifts, compares, selects, address arithmetic, scalar intrinsics). */
  alu: number;
  /** 64-bit integer operations (several instructions each on 32-bit cores). */
  wide: number;
  /** Single-precision operations and conversions (library calls on cores without an FPU). */
  float: number;
  /** Double-precision operations and conversions (library calls on single-precision FPUs too). */
  double: number;
  /** SIMD intrinsics (Helium, NEON). */
  vector: number;
  /** Loads and stores. */
  mem: number;
  /** Conditional branches that remain (unknown `if`s, `&&`/`||`, `break`/`continue`). */
  branch: number;
  /** Early returns from out-of-line functions (each a jump to, or a copy of, the epilogue). */
  exit: number;
  /** Loops that remain (a counter, a compare and a back branch each). */
  loop: number;
  /** Calls to functions that stay out of line (memcpy, libm, shared kernels). */
  call: number;
  /** memcpy/memset of a known size the compiler expands into loads and stores (see `CountOptions.inlineCopyBytes`). */
  inlineCopy: number;
  /** The bytes those expanded copies move. */
  copyBytes: number;
  /** Instructions written in inline asm. */
  asm: number;
  /** Integer literals too wide for an instruction's immediate field, used by remaining operations. */
  constant: number;
  /** Out-of-line functions (prologue, epilogue, return). */
  functions: number;
  /** Innermost loops an auto-vectorizing compiler turns into SIMD code (known trip count, multiple of 8; no branches or calls). */
  vectorizable: number;
  /**
   * 32-bit operations inside those loops, times the 32-bit vectors one vector of the loop's narrowest elements
   * widens into (int8: 4, int16: 2), plus its loads and stores: the vector code grows with the body it replaces.
   */
  vectorizedAlu: number;
  /** 64-bit operations inside those loops, with the same factor: each becomes widening, multiply and narrowing steps. */
  vectorizedWide: number;
  /** Values live across an innermost loop beyond 6 registers (32-bit units): spills and reloads on small register files. */
  press6: number;
  /** The same beyond 12 registers. */
  press12: number;
  /**
   * Kernel functions merged into their one caller, after the first. Counted
   * alone, each kernel's operations overstate what it adds beside others:
   * merged into one `_invoke` they share its registers, the arena's address
   * and constants, and the calibration prices this kind negative.
   */
  merged: number;
}

/** The count names, in the order the targets' byte costs list them; the type check keeps them equal to OpCounts' keys. */
export const OP_COUNT_NAMES = ['alu', 'wide', 'float', 'double', 'vector', 'mem', 'branch', 'exit', 'loop', 'call', 'inlineCopy', 'copyBytes', 'asm', 'constant', 'functions', 'vectorizable', 'vectorizedAlu', 'vectorizedWide', 'press6', 'press12', 'merged'] as const;
type SameKeys<A, B> = [Exclude<A, B> | Exclude<B, A>] extends [never] ? true : never;
const namesCoverCounts: SameKeys<(typeof OP_COUNT_NAMES)[number], keyof OpCounts> = true;
void namesCoverCounts;

/** All counts zero. */
export function zeroCounts(): OpCounts {
  return Object.fromEntries(OP_COUNT_NAMES.map((name) => [name, 0])) as Record<keyof OpCounts, number>;
}

/** What the counting needs to know of the target's compiler. */
export interface CountOptions {
  /** The largest memcpy/memset of a known size the compiler expands inline instead of calling (0: always calls). */
  inlineCopyBytes: number;
}

const LIBRARY_CALLS = new Set(['memcpy', 'memset', 'memmove', 'expf', 'logf', 'tanhf', 'roundf', 'sqrtf', 'floorf', 'ceilf', 'fabsf', 'exp', 'log', 'tanh']);
/** Literals an instruction's immediate field holds on every supported core (wider ones need a move or a literal load). */
const IMMEDIATE_MAX = 255;

/** A loop being counted: its scope level, the outer values live across it, whether it holds a loop, its narrowest element. */
interface LoopFrame {
  level: number;
  live: Map<string, number>;
  inner: boolean;
  /** Bits of the narrowest element it loads or stores (32 when none is narrower). */
  narrowest: number;
}

/** What running a statement told: whether it certainly returned (and with what), or may have on some path. */
interface Flow {
  returned: boolean;
  value?: Value;
  maybe?: boolean;
}

/** The counting interpreter for one translation unit. */
export class CostCounter {
  readonly counts = zeroCounts();
  /** The counts of each out-of-line function (what its symbol in the object holds), after `countUnit`. */
  readonly perFunction = new Map<string, OpCounts>();
  /** Bytes of the constant tables (`static const` arrays) of the unit's functions and the helpers they expand, each once. */
  tableBytes = 0;
  /** Every name the counted code reads (a runtime header's file-scope table is in the object only when some counted code reads it). */
  readonly namesRead = new Set<string>();
  private readonly tables = new Set<string>();
  private current = '';
  private addresses = new Set<string>();
  private fresh = 0;
  /** The loops being counted, innermost last: the outer values each one reads. */
  private loops: LoopFrame[] = [];
  private statementValues = new Set<string>();
  private readonly inline = new Map<string, { fn: CFunction; written: Set<string> }>();
  private readonly local = new Map<string, CFunction>();
  /** Calls to each function of the unit, from the unit. */
  private readonly callSites = new Map<string, number>();
  /** Helper expansions in progress (their returns are values, not jumps). */
  private depth = 0;
  /** Kernel functions merged into their one caller, in progress. */
  private merged = 0;
  /** Kernel functions merged so far. */
  private mergedKernels = 0;

  /** `helpers`: the inline functions of the headers; `unit`: the functions of the source itself. */
  constructor(helpers: readonly CFunction[], unit: readonly CFunction[], private readonly options: CountOptions) {
    for (const fn of [...helpers, ...unit]) if (fn.isInline) this.inline.set(fn.name, { fn, written: writtenNames(fn.body) });
    for (const fn of unit) if (!fn.isInline) this.local.set(fn.name, fn);
    for (const fn of unit) callCounts(fn.body, this.callSites);
  }

  /** A static function called from one place: the compiler merges it into its caller. */
  private isMerged(fn: CFunction): boolean {
    return fn.isStatic && this.callSites.get(fn.name) === 1;
  }

  /** Counts every out-of-line function of the unit; a static function called from one place is merged into its caller. */
  countUnit(): OpCounts {
    for (const fn of this.local.values()) {
      if (this.isMerged(fn)) continue;
      const before = { ...this.counts };
      this.counts.functions++;
      this.countFunction(fn);
      const own = zeroCounts();
      for (const k of OP_COUNT_NAMES) own[k] = this.counts[k] - before[k];
      this.perFunction.set(fn.name, own);
    }
    return this.counts;
  }

  private countFunction(fn: CFunction): void {
    this.current = fn.name;
    this.addresses = new Set();
    const scope = new Scope();
    for (const p of fn.params) scope.set(p.name, p.type.pointer > 0 ? { type: p.type, sym: { base: p.name, offset: 0 } } : { type: p.type });
    this.block(fn.body, scope, writtenNames(fn.body));
    // The last statement's return falls through into the epilogue: no jump.
    if (fn.body[fn.body.length - 1]?.k === 'return') this.counts.exit--;
  }

  private block(body: readonly Stmt[], scope: Scope, written: Set<string>): Flow {
    let maybe = false;
    for (const s of body) {
      const flow = this.stmt(s, scope, written);
      // After a return on some path only, the value that comes back is not known.
      if (flow.returned) return maybe && flow.value ? { returned: true, value: { type: flow.value.type }, maybe } : { ...flow, maybe: maybe || flow.maybe === true };
      maybe ||= flow.maybe === true;
    }
    return { returned: false, maybe };
  }

  private stmt(s: Stmt, scope: Scope, written: Set<string>): Flow {
    const c = this.counts;
    if (this.depth === 0) this.statementValues = new Set();
    switch (s.k) {
      case 'expr':
        this.expr(s.e, scope, written);
        return { returned: false };
      case 'decl':
        for (const v of s.vars) this.declare(v, s.isStatic, scope, written);
        return { returned: false };
      case 'if': {
        const test = this.expr(s.test, scope, written);
        if (test.known !== undefined) {
          const taken = test.known !== 0 ? s.then : s.else;
          return taken ? this.stmt(taken, new Scope(scope), written) : { returned: false };
        }
        c.branch++;
        const a = this.stmt(s.then, new Scope(scope), written);
        const b: Flow = s.else ? this.stmt(s.else, new Scope(scope), written) : { returned: false };
        const both = a.returned && b.returned;
        return { returned: both, ...(both ? { value: { type: (a.value ?? b.value ?? { type: INT32 }).type } } : {}), maybe: a.returned || b.returned || a.maybe === true || b.maybe === true };
      }
      case 'for':
        return this.forLoop(s, scope, written);
      case 'while': {
        const inner = new Scope(scope);
        const test = this.expr(s.test, inner, written);
        if (test.known === 0 && !s.doWhile) return { returned: false };
        c.loop++;
        this.stmt(s.body, inner, written);
        return { returned: false };
      }
      case 'switch':
        this.expr(s.test, scope, written);
        c.branch++;
        this.stmt(s.body, new Scope(scope), written);
        return { returned: false };
      case 'case':
        c.branch++;
        return { returned: false };
      case 'return':
        // A return from an out-of-line function is a jump to (or a copy of) its epilogue; from a helper it is only a value.
        if (this.depth === 0) {
          if (this.merged === 0) c.exit++;
          else c.branch++;
        }
        return s.e ? { returned: true, value: this.expr(s.e, scope, written) } : { returned: true };
      case 'block':
        return this.block(s.body, new Scope(scope), written);
      case 'jump':
        c.branch++;
        return { returned: false };
      case 'asm':
        c.asm += s.instructions;
        return { returned: false };
    }
  }

  private declare(v: Declarator, isStatic: boolean, scope: Scope, written: Set<string>): void {
    if (isStatic) {
      // Constant tables live in .rodata, counted exactly; only their address is code.
      const key = `${this.current}:${v.name}`;
      if (v.length !== undefined && !this.tables.has(key)) {
        this.tables.add(key);
        this.tableBytes += v.length * (v.type.pointer > 0 ? 4 : v.type.bits / 8);
      }
      scope.set(v.name, { type: v.length !== undefined ? { ...v.type, pointer: v.type.pointer + 1 } : v.type });
      return;
    }
    if (v.length !== undefined) {
      scope.set(v.name, { type: { ...v.type, pointer: v.type.pointer + 1 } });
      if (v.init) {
        this.expr(v.init, scope, written);
        this.counts.mem += v.init.k === 'init' ? v.init.items.length : 1;
      }
      return;
    }
    const init = v.init ? this.expr(v.init, scope, written) : undefined;
    const bound = init !== undefined && !written.has(v.name) ? bind(init, v.type) : { type: v.type };
    // A pointer of unknown origin is still itself: offsets from it compare equal to each other.
    scope.set(v.name, v.type.pointer > 0 && bound.sym === undefined ? { type: v.type, sym: { base: `${v.name}@${this.fresh++}`, offset: 0 } } : bound);
  }

  /**
   * What the compiler knows of a counted loop (`i = a; i < b; ++i` and the
   * like): its counter, the trip count when the bounds are known, and the
   * counter's range when the bounds are only bounded.
   */
  private counted(s: Extract<Stmt, { k: 'for' }>, scope: Scope): { name: string; start?: number; trips?: number; range?: Range } | undefined {
    const init = s.init?.k === 'decl' ? s.init.vars[0] : undefined;
    const initAssign = s.init?.k === 'expr' && s.init.e.k === 'assign' && s.init.e.target.k === 'id' ? s.init.e : undefined;
    const name = init?.name ?? (initAssign?.target.k === 'id' ? initAssign.target.name : undefined);
    const startExpr = init?.init ?? initAssign?.value;
    if (name === undefined || startExpr === undefined || s.test?.k !== 'binary' || s.test.left.k !== 'id' || s.test.left.name !== name) return undefined;
    // `++i, p += 4`: the part that steps the counter.
    const steps = s.step?.k === 'comma' ? s.step.items : s.step ? [s.step] : [];
    let step: number | undefined;
    for (const x of steps) {
      if ((x.k === 'unary' || x.k === 'postfix') && x.arg.k === 'id' && x.arg.name === name) step = x.op === '++' ? 1 : x.op === '--' ? -1 : undefined;
      if (x.k === 'assign' && x.target.k === 'id' && x.target.name === name && (x.op === '+=' || x.op === '-=')) {
        const by = this.peekValue(x.value, scope);
        step = by === undefined ? undefined : x.op === '+=' ? by : -by;
      }
    }
    const start = this.peekRange(startExpr, scope);
    const end = this.peekRange(s.test.right, scope);
    if (start === undefined || end === undefined || step === undefined || step === 0) return { name };
    const op = s.test.op;
    if (start[0] === start[1] && end[0] === end[1]) {
      const a = start[0];
      const b = end[0];
      const span = op === '<' ? b - a : op === '<=' ? b - a + 1 : op === '>' ? a - b : op === '>=' ? a - b + 1 : op === '!=' ? Math.abs(b - a) : Number.NaN;
      if (!Number.isFinite(span)) return { name };
      const trips = Math.max(0, Math.ceil(span / Math.abs(step)));
      const last = a + (trips - 1) * step;
      return { name, start: a, trips, range: [Math.min(a, last), Math.max(a, last)] };
    }
    if (step > 0 && op === '<') return { name, range: [start[0], end[1] - 1] };
    if (step > 0 && op === '<=') return { name, range: [start[0], end[1]] };
    return { name };
  }

  private forLoop(s: Extract<Stmt, { k: 'for' }>, scope: Scope, written: Set<string>): Flow {
    const inner = new Scope(scope);
    const loop = this.counted(s, inner);
    if (loop?.trips === 0) return { returned: false };
    if (loop?.trips === 1) {
      // A one-trip loop is straight code with its counter known.
      inner.set(loop.name, { type: INT32, known: loop.start! });
      this.stmt(s.body, inner, written);
      return { returned: false };
    }
    if (s.init) this.stmt(s.init, inner, new Set([...written, ...(s.init.k === 'decl' ? s.init.vars.map((v) => v.name) : [])]));
    if (loop !== undefined) inner.set(loop.name, loop.range ? { type: INT32, range: loop.range } : { type: INT32 });
    this.counts.loop++;
    const frame: LoopFrame = { level: scope.level, live: new Map<string, number>(), inner: false, narrowest: 32 };
    for (const f of this.loops) f.inner = true;
    this.loops.push(frame);
    const before = { ...this.counts };
    if (s.test) this.expr(s.test, inner, written);
    if (s.step) this.expr(s.step, inner, written);
    this.stmt(s.body, inner, written);
    this.loops.pop();
    if (!frame.inner) {
      // GCC vectorizes at -O2 an innermost loop it can run in whole vectors: a known trip count, straight code, no calls.
      // Not inside another loop: there, telling the arrays apart takes a run-time alias check, which -O2's cheap
      // vectorizer never adds (an element-wise kernel's rows over a broadcast operand stay scalar).
      const straight = this.counts.branch === before.branch && this.counts.call === before.call && this.counts.asm === before.asm && this.counts.vector === before.vector;
      if (straight && this.loops.length === 0 && loop?.trips !== undefined && loop.trips >= 16 && loop.trips % 8 === 0) {
        this.counts.vectorizable++;
        const widening = 32 / frame.narrowest;
        this.counts.vectorizedAlu += (this.counts.alu - before.alu) * widening + this.counts.mem - before.mem;
        this.counts.vectorizedWide += (this.counts.wide - before.wide) * widening;
      }
      let units = 0;
      for (const u of frame.live.values()) units += u;
      this.counts.press6 += Math.max(0, units - 6);
      this.counts.press12 += Math.max(0, units - 12);
    }
    return { returned: false };
  }

  /** The bounds of an expression, without counting anything. */
  private peekRange(e: Expr, scope: Scope): Range | undefined {
    return this.quietly(() => rangeOf(this.value(e, scope, new Set())));
  }

  /** A known value of an expression, without counting anything. */
  private peekValue(e: Expr, scope: Scope): number | undefined {
    return this.quietly(() => this.value(e, scope, new Set()).known);
  }

  private operand(v: Value): void {
    if (v.known !== undefined && Math.abs(v.known) > IMMEDIATE_MAX && v.type.base === 'int') this.counts.constant++;
  }

  /** Counts one operation of `type` (after folding): by its width and kind. */
  private operation(type: CType, op: string, right?: Value): void {
    const c = this.counts;
    if (type.base === 'float' && type.pointer === 0) {
      if (type.bits > 32) c.double++;
      else c.float++;
    }
    else if (type.base === 'vector' && type.pointer === 0) c.vector++;
    else if (type.bits > 32 && type.pointer === 0) c.wide++;
    else if ((op === '/' || op === '%') && !(right?.known !== undefined && Number.isInteger(Math.log2(Math.abs(right.known))))) c.alu += 3;
    else c.alu++;
  }

  private expr(e: Expr, scope: Scope, written: Set<string>): Value {
    // Within one statement of the kernel itself, a repeated pure subexpression is computed once.
    if (this.depth === 0 && (e.k === 'binary' || e.k === 'index' || e.k === 'call' || e.k === 'cond') && isPure(e)) {
      const key = exprKey(e);
      if (this.statementValues.has(key)) return this.quietly(() => this.value(e, scope, written));
      this.statementValues.add(key);
    }
    return this.value(e, scope, written);
  }

  /** Runs `f` without counting anything. */
  private quietly<T>(f: () => T): T {
    const saved = { ...this.counts };
    const savedAddresses = new Set(this.addresses);
    const t = f();
    Object.assign(this.counts, saved);
    this.addresses = savedAddresses;
    return t;
  }

  private value(e: Expr, scope: Scope, written: Set<string>): Value {
    const c = this.counts;
    switch (e.k) {
      case 'num':
        return { type: e.type, known: e.value };
      case 'str':
        return { type: { base: 'int', bits: 8, pointer: 1 } };
      case 'id':
        this.namesRead.add(e.name);
        return this.variable(e.name, scope);
      case 'sizeof': {
        const t = e.type ?? (e.arg ? this.typeOnly(e.arg, scope) : INT32);
        return { type: INT32, known: t.pointer > 0 ? 4 : Math.max(1, t.bits / 8) };
      }
      case 'init':
        for (const item of e.items) this.expr(item, scope, written);
        return { type: INT32 };
      case 'comma': {
        let last: Value = { type: INT32 };
        for (const item of e.items) last = this.expr(item, scope, written);
        return last;
      }
      case 'cast': {
        const v = this.expr(e.arg, scope, written);
        const t = e.type;
        if (v.known !== undefined) return { type: t, known: t.base === 'int' ? wrap(v.known, t) : v.known };
        if (v.sym !== undefined && (t.pointer > 0 || t.bits >= 32)) return { type: t, sym: v.sym };
        const r = rangeOf(v);
        if (r !== undefined && t.base === 'int' && t.pointer === 0 && t.bits >= 32) return { type: t, range: r };
        if (t.pointer === 0 && v.type.pointer === 0 && (t.base === 'float' || v.type.base === 'float') && (t.base !== v.type.base || t.bits !== v.type.bits)) {
          if (Math.max(t.base === 'float' ? t.bits : 0, v.type.base === 'float' ? v.type.bits : 0) > 32) c.double++;
          else c.float++;
        }
        return { type: t };
      }
      case 'index':
        return this.element(e, scope, written);
      case 'unary':
        return this.unary(e, scope, written);
      case 'postfix': {
        const v = this.lvalue(e.arg, scope, written);
        this.operation(v.type, '+');
        return { type: v.type };
      }
      case 'binary':
        return this.binary(e, scope, written);
      case 'assign': {
        const target = this.lvalue(e.target, scope, written);
        const value = this.expr(e.value, scope, written);
        if (e.op !== '=') {
          this.operand(value);
          this.operation(arithmeticType(target.type, value.type, e.op.slice(0, -1)), e.op.slice(0, -1), value);
        }
        return { type: target.type };
      }
      case 'cond': {
        const test = this.expr(e.test, scope, written);
        if (test.known !== undefined) return this.expr(test.known !== 0 ? e.then : e.else, scope, written);
        const a = this.expr(e.then, scope, written);
        const b = this.expr(e.else, scope, written);
        this.operand(a);
        this.operand(b);
        const type = arithmeticType(a.type, b.type, '?');
        // A select moves registers whatever the type: integer work (twice for 64 bits).
        this.operation(type.base === 'float' || type.base === 'vector' ? INT32 : type, '?');
        const ra = rangeOf(a);
        const rb = rangeOf(b);
        return ra !== undefined && rb !== undefined ? { type, range: [Math.min(ra[0], rb[0]), Math.max(ra[1], rb[1])] } : { type };
      }
      case 'call':
        return this.call(e, scope, written);
    }
  }

  /** The type of an expression, counting nothing. */
  private typeOnly(e: Expr, scope: Scope): CType {
    return this.quietly(() => this.value(e, scope, new Set()).type);
  }

  /**
   * One load or store of `base[index]`. The index arithmetic itself is not
   * counted: in loops the compiler strength-reduces it into pointer steps and
   * folds constant offsets into the addressing mode; one address step remains
   * when the index is not a constant.
   */
  private element(e: Extract<Expr, { k: 'index' }>, scope: Scope, written: Set<string>): Value {
    const base = this.expr(e.base, scope, written);
    const before = { alu: this.counts.alu, wide: this.counts.wide, constant: this.counts.constant };
    const index = this.expr(e.index, scope, written);
    Object.assign(this.counts, before);
    if (index.known === undefined) this.address(e);
    return this.access(base.type);
  }

  /** A load or store through a pointer of type `pointer`; the innermost loop notes the element's width. */
  private access(pointer: CType): Value {
    this.counts.mem++;
    const type = { ...pointer, pointer: Math.max(0, pointer.pointer - 1) };
    const frame = this.loops[this.loops.length - 1];
    if (frame !== undefined && type.pointer === 0 && type.bits >= 8) frame.narrowest = Math.min(frame.narrowest, type.bits);
    return { type };
  }

  /**
   * The address step of an element access with a variable index, once per
   * base and variable part in a function: `row[j]`, `row[16 + j]` and
   * `row[j + 1]` share one address and differ by immediate offsets.
   */
  private address(e: Extract<Expr, { k: 'index' }>): void {
    if (this.depth > 0) {
      this.counts.alu++;
      return;
    }
    const key = `${exprKey(e.base)}[${exprKey(variablePart(e.index))}]`;
    if (this.addresses.has(key)) return;
    this.addresses.add(key);
    this.counts.alu++;
  }

  /** A variable read or written; one declared outside the innermost loop being counted lives across it. */
  private variable(name: string, scope: Scope): Value {
    const v = scope.get(name) ?? { type: INT32 };
    const frame = this.loops[this.loops.length - 1];
    if (frame !== undefined && v.known === undefined) {
      const level = scope.owner(name);
      if (level !== undefined && level <= frame.level) frame.live.set(name, v.type.pointer === 0 && v.type.bits > 32 ? 2 : 1);
    }
    return v;
  }

  /** An assignment target: a memory store when it is not a plain variable. */
  private lvalue(e: Expr, scope: Scope, written: Set<string>): Value {
    if (e.k === 'id') return this.variable(e.name, scope);
    if (e.k === 'index') return this.element(e, scope, written);
    if (e.k === 'unary' && e.op === '*') {
      return this.access(this.expr(e.arg, scope, written).type);
    }
    return this.expr(e, scope, written);
  }

  private unary(e: Extract<Expr, { k: 'unary' }>, scope: Scope, written: Set<string>): Value {
    if (e.op === '&') {
      const inner = e.arg.k === 'index' ? this.expr(e.arg.base, scope, written) : this.typedAddress(e.arg, scope);
      if (e.arg.k === 'index') {
        const before = { alu: this.counts.alu, wide: this.counts.wide, constant: this.counts.constant };
        const index = this.expr(e.arg.index, scope, written);
        Object.assign(this.counts, before);
        if (index.known === undefined) this.counts.alu++;
        return { type: inner.type };
      }
      return inner;
    }
    if (e.op === '*') {
      return this.access(this.expr(e.arg, scope, written).type);
    }
    if (e.op === '++' || e.op === '--') {
      const v = this.lvalue(e.arg, scope, written);
      this.operation(v.type, '+');
      return { type: v.type };
    }
    const v = this.expr(e.arg, scope, written);
    if (v.known !== undefined) {
      const known = e.op === '-' ? -v.known : e.op === '!' ? Number(v.known === 0) : e.op === '~' ? wrap(-v.known - 1, v.type) : v.known;
      return { type: v.type, known };
    }
    if (e.op !== '+') this.operation(v.type, e.op);
    return { type: e.op === '!' ? INT32 : v.type };
  }

  private typedAddress(e: Expr, scope: Scope): Value {
    const t = this.typeOnly(e, scope);
    return { type: { ...t, pointer: t.pointer + 1 } };
  }

  private binary(e: Extract<Expr, { k: 'binary' }>, scope: Scope, written: Set<string>): Value {
    if (e.op === '&&' || e.op === '||') {
      // A right operand that decides the result (x && 0, x || 1) takes the left one with it.
      const decided = this.peekValue(e.right, scope);
      if (decided !== undefined && (e.op === '&&' ? decided === 0 : decided !== 0)) return { type: INT32, known: e.op === '&&' ? 0 : 1 };
    }
    const left = this.expr(e.left, scope, written);
    if (e.op === '&&' || e.op === '||') {
      if (left.known !== undefined && (e.op === '&&' ? left.known === 0 : left.known !== 0)) return { type: INT32, known: e.op === '&&' ? 0 : 1 };
      const right = this.expr(e.right, scope, written);
      if (left.known !== undefined) return right.known !== undefined ? { type: INT32, known: Number(right.known !== 0) } : { type: INT32 };
      if (right.known !== undefined && (e.op === '&&' ? right.known !== 0 : right.known === 0)) return { type: INT32 };
      this.counts.branch++;
      return { type: INT32 };
    }
    const right = this.expr(e.right, scope, written);
    const type = arithmeticType(left.type, right.type, e.op);
    const pointerSum = this.pointerSum(e.op, left, right, type);
    if (pointerSum !== undefined) return pointerSum;
    if (left.known !== undefined && right.known !== undefined) {
      const f = FOLD[e.op];
      const v = f ? f(left.known, right.known) : Number.NaN;
      if (Number.isFinite(v)) return { type, known: type.base === 'int' && type.pointer === 0 ? wrap(v, type) : v };
    }
    const lr = rangeOf(left);
    const rr = rangeOf(right);
    if (lr !== undefined && rr !== undefined && COMPARISONS.has(e.op)) {
      const d = decide(e.op, lr, rr);
      if (d !== undefined) return { type: INT32, known: d };
    }
    if (this.identity(e.op, left, right)) return left.known === 0 && right.known === undefined ? right : left;
    if (e.op === '*' && (left.known === 0 || right.known === 0)) return { type, known: 0 };
    const bounds = lr !== undefined && rr !== undefined && type.base === 'int' && type.pointer === 0 ? RANGE_OPS[e.op]?.(lr, rr) : undefined;
    this.operand(left);
    this.operand(right);
    const operands: CType = left.type.pointer > 0 || right.type.pointer > 0 ? INT32 : { ...left.type, bits: Math.max(left.type.bits, right.type.bits), base: left.type.base === 'float' || right.type.base === 'float' ? 'float' : left.type.base };
    this.operation(type.pointer > 0 || COMPARISONS.has(e.op) ? operands : type, e.op, right);
    return bounds !== undefined && fits32(bounds) ? { type, range: bounds } : { type };
  }

  /** Pointer arithmetic and comparisons the compiler resolves: a known base moved by a known offset, two offsets of one base compared. */
  private pointerSum(op: string, left: Value, right: Value, type: CType): Value | undefined {
    const scale = (v: Value): number => (v.type.pointer > 1 ? 4 : Math.max(1, v.type.bits / 8));
    if (left.sym !== undefined && right.known !== undefined && (op === '+' || op === '-')) {
      const by = right.known * (left.type.pointer > 0 ? scale({ type: { ...left.type, pointer: left.type.pointer - 1 } }) : 1);
      if (by === 0) return left;
      this.counts.alu++;
      this.operand(right);
      return { type, sym: { base: left.sym.base, offset: left.sym.offset + (op === '+' ? by : -by) } };
    }
    if (left.sym !== undefined && right.sym !== undefined && left.sym.base === right.sym.base && COMPARISONS.has(op)) {
      const f = FOLD[op]!;
      return { type: INT32, known: f(left.sym.offset, right.sym.offset) };
    }
    return undefined;
  }

  /** Operations that leave their left operand as it is (x + 0, x * 1, x << 0, …). */
  private identity(op: string, left: Value, right: Value): boolean {
    const r = right.known;
    if (r === 0 && (op === '+' || op === '-' || op === '<<' || op === '>>' || op === '|' || op === '^')) return true;
    if (r === 1 && (op === '*' || op === '/')) return true;
    if (left.known === 0 && (op === '+' || op === '|' || op === '^')) return true;
    if (left.known === 1 && op === '*') return true;
    return false;
  }

  private call(e: Extract<Expr, { k: 'call' }>, scope: Scope, written: Set<string>): Value {
    const helper = this.inline.get(e.callee);
    const args = e.args.map((a) => this.expr(a, scope, written));
    if (helper !== undefined && this.depth < 16) return this.expand(helper.fn, helper.written, args);
    const local = this.local.get(e.callee);
    if (local !== undefined) {
      if (this.isMerged(local)) return this.merge(local, args);
      this.counts.call++;
      return { type: local.returns };
    }
    if (e.callee === 'memcpy' || e.callee === 'memset' || e.callee === 'memmove' || LIBRARY_CALLS.has(e.callee)) {
      const size = e.callee.startsWith('mem') ? args[2]?.known : undefined;
      if (size !== undefined && size > 0 && size <= this.options.inlineCopyBytes) {
        this.counts.inlineCopy++;
        this.counts.copyBytes += size;
      } else if (size !== 0) this.counts.call++;
      return { type: e.callee.startsWith('mem') ? { base: 'void', bits: 8, pointer: 1 } : { base: 'float', bits: 32, pointer: 0 } };
    }
    // Compiler intrinsics are one instruction each: Helium/NEON (v…) on vectors, the rest scalar.
    if (/^v[a-z0-9]+_[a-z0-9_]+$/.test(e.callee)) {
      this.counts.vector++;
      return { type: args.some((a) => a.type.base === 'vector') || !/^v(get|mladav|addv|maxv|minv)/.test(e.callee) ? { base: 'vector', bits: 128, pointer: 0 } : INT32 };
    }
    if (e.callee.startsWith('__')) {
      this.counts.alu++;
      return { type: INT32 };
    }
    this.counts.call++;
    return { type: INT32 };
  }

  /** A kernel function called from one place, merged into its caller with the arguments bound. */
  private merge(fn: CFunction, args: readonly Value[]): Value {
    const scope = new Scope(undefined, 1_000);
    const written = writtenNames(fn.body);
    fn.params.forEach((p, i) => {
      const a = args[i];
      const fixed = a !== undefined && !written.has(p.name);
      scope.set(p.name, fixed ? bind(a, p.type) : { type: p.type });
    });
    const caller = this.current;
    this.current = fn.name;
    if (this.mergedKernels++ > 0) this.counts.merged++;
    this.merged++;
    this.block(fn.body, scope, written);
    this.merged--;
    this.current = caller;
    return { type: fn.returns };
  }

  /** An inline helper expanded at its call with the arguments' known values bound. */
  private expand(fn: CFunction, written: Set<string>, args: readonly Value[]): Value {
    const scope = new Scope(undefined, 1_000_000);
    fn.params.forEach((p, i) => {
      const a = args[i];
      const fixed = a !== undefined && !written.has(p.name);
      scope.set(p.name, fixed ? bind(a, p.type) : { type: p.type });
    });
    this.depth++;
    const caller = this.current;
    this.current = fn.name;
    const flow = this.block(fn.body, scope, written);
    this.current = caller;
    this.depth--;
    const v = flow.returned && flow.maybe !== true ? flow.value : undefined;
    return v?.known !== undefined ? { type: fn.returns, known: wrap(v.known, fn.returns) } : { type: fn.returns };
  }
}
