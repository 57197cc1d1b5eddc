/**
 * A parser for the C the code-size model reads: the function definitions
 * of a generated source and of the runtime headers, as syntax trees of
 * statements and expressions with the declared types of every name.
 *
 * It covers what Ingot emits and ships — C99 statements, declarations with
 * initializers, casts, `sizeof`, inline asm (kept as its instruction count),
 * GCC attributes (skipped) — and nothing else: no structs, unions, typedefs
 * or function pointers. Top-level items that are not function definitions
 * (prototypes, constant arrays, includes already gone) are skipped.
 */
import type { Token } from './lexer.js';

/** A C type as the cost model sees it: integer (by width), floating, vector, void, or a pointer to one. */
export interface CType {
  base: 'int' | 'float' | 'vector' | 'void';
  /** Width in bits of the base type (vectors: 128). */
  bits: number;
  /** Levels of pointer indirection (0: a value). */
  pointer: number;
  /** An unsigned integer type. */
  unsigned?: boolean;
}

export type Expr =
  | { k: 'num'; value: number; type: CType }
  | { k: 'str' }
  | { k: 'id'; name: string }
  | { k: 'call'; callee: string; args: Expr[] }
  | { k: 'index'; base: Expr; index: Expr }
  | { k: 'unary'; op: string; arg: Expr }
  | { k: 'postfix'; op: string; arg: Expr }
  | { k: 'cast'; type: CType; arg: Expr }
  | { k: 'sizeof'; type?: CType; arg?: Expr }
  | { k: 'binary'; op: string; left: Expr; right: Expr }
  | { k: 'assign'; op: string; target: Expr; value: Expr }
  | { k: 'cond'; test: Expr; then: Expr; else: Expr }
  | { k: 'comma'; items: Expr[] }
  | { k: 'init'; items: Expr[] };

export interface Declarator {
  name: string;
  type: CType;
  /** Element count of an array declarator. */
  length?: number;
  init?: Expr;
}

export type Stmt =
  | { k: 'expr'; e: Expr }
  | { k: 'decl'; isConst: boolean; isStatic: boolean; vars: Declarator[] }
  | { k: 'if'; test: Expr; then: Stmt; else?: Stmt }
  | { k: 'for'; init?: Stmt; test?: Expr; step?: Expr; body: Stmt }
  | { k: 'while'; test: Expr; body: Stmt; doWhile: boolean }
  | { k: 'switch'; test: Expr; body: Stmt }
  | { k: 'case' }
  | { k: 'return'; e?: Expr }
  | { k: 'block'; body: Stmt[] }
  | { k: 'jump' }
  | { k: 'asm'; instructions: number };

export interface CFunction {
  name: string;
  returns: CType;
  params: Declarator[];
  body: Stmt[];
  isStatic: boolean;
  /** `static inline` or forced inline: a helper the compiler expands where it is called. */
  isInline: boolean;
}

const INT_TYPES: Readonly<Record<string, number>> = {
  int8_t: 8, uint8_t: 8, char: 8, int16_t: 16, uint16_t: 16, short: 16, int32_t: 32, uint32_t: 32, int: 32, unsigned: 32, signed: 32,
  mve_pred16_t: 16, int64_t: 64, uint64_t: 64, long: 32, size_t: 32, uintptr_t: 32, intptr_t: 32, _Bool: 8,
};
const UNSIGNED_TYPES = new Set(['uint8_t', 'uint16_t', 'uint32_t', 'uint64_t', 'unsigned', 'size_t', 'uintptr_t', '_Bool']);
const FLOAT_TYPES: Readonly<Record<string, number>> = { float: 32, double: 64 };
const QUALIFIERS = new Set(['const', 'volatile', 'restrict', 'static', 'inline', 'register', 'extern', '__inline__', '__restrict']);
const VECTOR_TYPE = /^u?int\d+x\d+(x\d+)?_t$|^float\d+x\d+_t$/;

/** Whether `name` names a type (or a qualifier that starts a declaration). */
export function isTypeWord(name: string): boolean {
  return name in INT_TYPES || name in FLOAT_TYPES || name === 'void' || QUALIFIERS.has(name) || VECTOR_TYPE.test(name) || name === '__attribute__';
}

const BINARY_LEVELS: readonly (readonly string[])[] = [
  ['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '>', '<=', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%'],
];
const ASSIGN_OPS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<=', '>>=']);

/** Reads a numeric literal: its value and type (`f` suffix or a point: float; `LL`: 64-bit). */
function literal(text: string): Expr {
  const isFloat = !/^0[xX]/.test(text) && /[.eEfF]/.test(text.replace(/[uUlL]+$/, ''));
  const digits = text.replace(isFloat ? /[fFlL]+$/ : /[uUlL]+$/, '');
  const value = isFloat ? Number.parseFloat(digits) : Number(digits);
  const bits = isFloat ? (/[fF]$/.test(text) ? 32 : 64) : /[lL]{2}$/.test(text.replace(/[uU]/g, '')) || value > 0xffffffff ? 64 : 32;
  return { k: 'num', value, type: { base: isFloat ? 'float' : 'int', bits, pointer: 0, ...(!isFloat && /[uU]/.test(text) ? { unsigned: true } : {}) } };
}

/** The instructions of an asm template: its non-empty, non-label lines. */
function asmInstructions(template: string): number {
  return template.split(/\\n/).map((l) => l.replace(/\\t/g, '').trim()).filter((l) => l.length > 0 && !/^\w+:$/.test(l)).length;
}

export class Parser {
  private at = 0;
  /** The file-scope `static const` arrays seen by `functions()` (a runtime header's lookup table), with their bytes. */
  readonly fileTables = new Map<string, number>();

  constructor(private readonly toks: readonly Token[]) {}

  /** Every function definition in the tokens. */
  functions(): CFunction[] {
    const out: CFunction[] = [];
    while (this.at < this.toks.length) {
      const start = this.at;
      const fn = this.tryFunction();
      if (fn !== undefined) out.push(fn);
      else {
        this.noteFileTable(start);
        this.skipTopLevel(start);
      }
    }
    return out;
  }

  /** Records a top-level `static const T name[N]` array: its bytes land in .rodata when a counted function reads it. */
  private noteFileTable(start: number): void {
    this.at = start;
    const spec = this.typeSpecifier();
    const name = this.peek();
    if (spec?.isStatic && spec.isConst && /^[A-Za-z_]\w*$/.test(name) && this.peek(1) === '[' && /^\d+$/.test(this.peek(2)) && this.peek(3) === ']') {
      this.fileTables.set(name, Number(this.peek(2)) * (spec.type.pointer > 0 ? 4 : spec.type.bits / 8));
    }
  }

  private peek(offset = 0): string {
    return this.toks[this.at + offset]?.text ?? '';
  }

  private next(): Token {
    const t = this.toks[this.at++];
    if (t === undefined) throw new Error('unexpected end of C source');
    return t;
  }

  private expect(text: string): void {
    const t = this.next();
    if (t.text !== text) throw new Error(`expected '${text}' in C source, found '${t.text}'`);
  }

  /** Skips one top-level item that is not a function definition (up to its `;` or closing brace). */
  private skipTopLevel(start: number): void {
    this.at = start;
    let depth = 0;
    while (this.at < this.toks.length) {
      const t = this.next().text;
      if (t === '{' || t === '(') depth++;
      else if (t === '}' || t === ')') {
        depth--;
        if (depth === 0 && t === '}' && this.peek() !== ';' && this.peek() !== ',') return;
      } else if (t === ';' && depth === 0) return;
    }
  }

  private skipAttribute(): void {
    this.next();
    let depth = 0;
    do {
      const t = this.next().text;
      if (t === '(') depth++;
      if (t === ')') depth--;
    } while (depth > 0);
  }

  /** Type words and qualifiers at the cursor; undefined when the cursor is not at a type. */
  private typeSpecifier(): { type: CType; isConst: boolean; isStatic: boolean; isInline: boolean } | undefined {
    let base: CType['base'] | undefined;
    let bits = 32;
    let isConst = false;
    let isStatic = false;
    let isInline = false;
    let longs = 0;
    let unsigned = false;
    for (;;) {
      const w = this.peek();
      if (w === '__attribute__') {
        this.skipAttribute();
        continue;
      }
      if (!isTypeWord(w) || (base !== undefined && !QUALIFIERS.has(w) && !(w in INT_TYPES))) break;
      this.next();
      if (w === 'const') isConst = true;
      else if (w === 'static') isStatic = true;
      else if (w === 'inline' || w === '__inline__') isInline = true;
      else if (QUALIFIERS.has(w)) continue;
      else if (w === 'long') {
        longs++;
        base = 'int';
        bits = longs > 1 ? 64 : Math.max(bits, 32);
      } else if (w in INT_TYPES) {
        unsigned ||= UNSIGNED_TYPES.has(w);
        if (base === undefined || (w !== 'int' && w !== 'unsigned' && w !== 'signed')) bits = longs > 1 ? 64 : INT_TYPES[w]!;
        base = 'int';
      } else if (w in FLOAT_TYPES) {
        base = 'float';
        bits = FLOAT_TYPES[w]!;
      } else if (w === 'void') base = 'void';
      else {
        base = 'vector';
        bits = 128;
      }
    }
    return base === undefined ? undefined : { type: { base, bits, pointer: 0, ...(unsigned && base === 'int' ? { unsigned } : {}) }, isConst, isStatic, isInline };
  }

  /** Pointer stars and qualifiers, then the declared name (and array length); `name` empty for abstract declarators. */
  private declarator(base: CType): Declarator {
    let pointer = base.pointer;
    while (this.peek() === '*' || this.peek() === 'const' || this.peek() === 'restrict' || this.peek() === 'volatile' || this.peek() === '__restrict') {
      if (this.next().text === '*') pointer++;
    }
    const name = this.toks[this.at]?.kind === 'id' ? this.next().text : '';
    const d: Declarator = { name, type: { ...base, pointer } };
    if (this.peek() === '[') {
      this.next();
      if (this.peek() !== ']') {
        const n = this.expression();
        d.length = n.k === 'num' ? n.value : 0;
      }
      this.expect(']');
    }
    if (this.peek() === '__asm__' || this.peek() === 'asm') {
      this.next();
      this.expect('(');
      while (this.next().text !== ')');
    }
    while (this.peek() === '__attribute__') this.skipAttribute();
    return d;
  }

  private tryFunction(): CFunction | undefined {
    const spec = this.typeSpecifier();
    if (spec === undefined) return undefined;
    const head = this.declarator(spec.type);
    if (head.name === '' || this.peek() !== '(') return undefined;
    this.next();
    const params: Declarator[] = [];
    while (this.peek() !== ')') {
      const p = this.typeSpecifier();
      if (p === undefined) return undefined;
      const d = this.declarator(p.type);
      if (d.length !== undefined) d.type = { ...d.type, pointer: d.type.pointer + 1 };
      if (d.name !== '' || d.type.base !== 'void') params.push(d);
      if (this.peek() === ',') this.next();
    }
    this.next();
    while (this.peek() === '__attribute__') this.skipAttribute();
    if (this.peek() !== '{') return undefined;
    this.next();
    const body = this.statementsUntil('}');
    return { name: head.name, returns: head.type, params, body, isStatic: spec.isStatic, isInline: spec.isInline };
  }

  private statementsUntil(close: string): Stmt[] {
    const out: Stmt[] = [];
    while (this.peek() !== close) out.push(this.statement());
    this.next();
    return out;
  }

  private statement(): Stmt {
    const w = this.peek();
    if (w === '{') {
      this.next();
      return { k: 'block', body: this.statementsUntil('}') };
    }
    if (w === ';') {
      this.next();
      return { k: 'block', body: [] };
    }
    if (w === 'if') {
      this.next();
      const test = this.parenthesized();
      const then = this.statement();
      if (this.peek() !== 'else') return { k: 'if', test, then };
      this.next();
      return { k: 'if', test, then, else: this.statement() };
    }
    if (w === 'for') {
      this.next();
      this.expect('(');
      const init = this.peek() === ';' ? (this.next(), undefined) : this.simpleStatement();
      const test = this.peek() === ';' ? undefined : this.expression();
      this.expect(';');
      const step = this.peek() === ')' ? undefined : this.expression();
      this.expect(')');
      return { k: 'for', ...(init ? { init } : {}), ...(test ? { test } : {}), ...(step ? { step } : {}), body: this.statement() };
    }
    if (w === 'while') {
      this.next();
      const test = this.parenthesized();
      return { k: 'while', test, body: this.statement(), doWhile: false };
    }
    if (w === 'do') {
      this.next();
      const body = this.statement();
      this.expect('while');
      const test = this.parenthesized();
      this.expect(';');
      return { k: 'while', test, body, doWhile: true };
    }
    if (w === 'switch') {
      this.next();
      const test = this.parenthesized();
      return { k: 'switch', test, body: this.statement() };
    }
    if (w === 'case' || w === 'default') {
      while (this.next().text !== ':');
      return { k: 'case' };
    }
    if (w === 'return') {
      this.next();
      if (this.peek() === ';') {
        this.next();
        return { k: 'return' };
      }
      const e = this.expression();
      this.expect(';');
      return { k: 'return', e };
    }
    if (w === 'break' || w === 'continue') {
      this.next();
      this.expect(';');
      return { k: 'jump' };
    }
    if (w === '__asm__' || w === 'asm' || w === '__asm') return this.asmStatement();
    return this.simpleStatement();
  }

  private asmStatement(): Stmt {
    this.next();
    while (this.peek() === 'volatile' || this.peek() === '__volatile__' || this.peek() === 'goto') this.next();
    this.expect('(');
    let template = '';
    while (this.toks[this.at]?.kind === 'str') template += this.next().text.slice(1, -1);
    let depth = 1;
    while (depth > 0) {
      const t = this.next().text;
      if (t === '(') depth++;
      if (t === ')') depth--;
    }
    this.expect(';');
    return { k: 'asm', instructions: asmInstructions(template) };
  }

  /** A declaration or an expression statement, through its `;`. */
  private simpleStatement(): Stmt {
    const spec = isTypeWord(this.peek()) ? this.typeSpecifier() : undefined;
    if (spec === undefined) {
      const e = this.expression();
      this.expect(';');
      return { k: 'expr', e };
    }
    const vars: Declarator[] = [];
    for (;;) {
      const d = this.declarator(spec.type);
      if (this.peek() === '=') {
        this.next();
        d.init = this.peek() === '{' ? this.initializer() : this.assignment();
      }
      vars.push(d);
      if (this.peek() !== ',') break;
      this.next();
    }
    this.expect(';');
    return { k: 'decl', isConst: spec.isConst, isStatic: spec.isStatic, vars };
  }

  private initializer(): Expr {
    this.expect('{');
    const items: Expr[] = [];
    while (this.peek() !== '}') {
      items.push(this.peek() === '{' ? this.initializer() : this.assignment());
      if (this.peek() === ',') this.next();
    }
    this.next();
    return { k: 'init', items };
  }

  private parenthesized(): Expr {
    this.expect('(');
    const e = this.expression();
    this.expect(')');
    return e;
  }

  private expression(): Expr {
    const first = this.assignment();
    if (this.peek() !== ',') return first;
    const items = [first];
    while (this.peek() === ',') {
      this.next();
      items.push(this.assignment());
    }
    return { k: 'comma', items };
  }

  private assignment(): Expr {
    const left = this.conditional();
    if (!ASSIGN_OPS.has(this.peek())) return left;
    const op = this.next().text;
    return { k: 'assign', op, target: left, value: this.assignment() };
  }

  private conditional(): Expr {
    const test = this.binary(0);
    if (this.peek() !== '?') return test;
    this.next();
    const then = this.expression();
    this.expect(':');
    return { k: 'cond', test, then, else: this.conditional() };
  }

  private binary(level: number): Expr {
    if (level === BINARY_LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    while (BINARY_LEVELS[level]!.includes(this.peek())) {
      const op = this.next().text;
      left = { k: 'binary', op, left, right: this.binary(level + 1) };
    }
    return left;
  }

  /** Whether the cursor is at `(` type-name `)`. */
  private atCast(): boolean {
    return this.peek() === '(' && isTypeWord(this.peek(1)) && this.peek(1) !== '__attribute__';
  }

  private typeName(): CType {
    const spec = this.typeSpecifier()!;
    return this.declarator(spec.type).type;
  }

  private unary(): Expr {
    const w = this.peek();
    if (['-', '+', '!', '~', '*', '&', '++', '--'].includes(w)) {
      this.next();
      return { k: 'unary', op: w, arg: this.unary() };
    }
    if (w === 'sizeof') {
      this.next();
      if (this.atCast()) {
        this.next();
        const type = this.typeName();
        this.expect(')');
        return { k: 'sizeof', type };
      }
      return { k: 'sizeof', arg: this.unary() };
    }
    if (this.atCast()) {
      this.next();
      const type = this.typeName();
      this.expect(')');
      if (this.peek() === '{') return this.initializer();
      return { k: 'cast', type, arg: this.unary() };
    }
    return this.postfix(this.primary());
  }

  private primary(): Expr {
    const t = this.next();
    if (t.kind === 'num') return literal(t.text);
    if (t.kind === 'str') {
      while (this.toks[this.at]?.kind === 'str') this.next();
      return { k: 'str' };
    }
    if (t.kind === 'id') {
      if (this.peek() !== '(') return { k: 'id', name: t.text };
      this.next();
      const args: Expr[] = [];
      while (this.peek() !== ')') {
        args.push(this.assignment());
        if (this.peek() === ',') this.next();
      }
      this.next();
      return { k: 'call', callee: t.text, args };
    }
    if (t.text === '(') {
      const e = this.expression();
      this.expect(')');
      return e;
    }
    throw new Error(`unexpected '${t.text}' in C source`);
  }

  private postfix(base: Expr): Expr {
    let e = base;
    for (;;) {
      const w = this.peek();
      if (w === '[') {
        this.next();
        const index = this.expression();
        this.expect(']');
        e = { k: 'index', base: e, index };
      } else if (w === '++' || w === '--') {
        this.next();
        e = { k: 'postfix', op: w, arg: e };
      } else return e;
    }
  }
}
