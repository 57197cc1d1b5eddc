/**
 * What the cost counting knows of a C value: its type, its value when the
 * compiler knows it, its bounds when only those are known (loop counters and
 * arithmetic on them, or just its type), or a pointer as an unknown base plus
 * a known offset. Folding, interval arithmetic and C's conversions live here;
 * `evaluate.ts` decides what costs what.
 */
import type { CType } from './parser.js';

export interface Value {
  type: CType;
  /** The value, when the compiler knows it. */
  known?: number;
  /** A pointer the compiler knows as an unknown base plus a known byte offset (`arena + 1280`). */
  sym?: { base: string; offset: number };
  /** Bounds the compiler knows for an integer (from loop counters and arithmetic on them), inclusive. */
  range?: Range;
}

export type Range = readonly [number, number];

/** The values an integer type holds (64-bit types: none that matter here). */
export function typeRange(t: CType): Range | undefined {
  if (t.base !== 'int' || t.pointer > 0 || t.bits > 32) return undefined;
  return t.unsigned ? [0, 2 ** t.bits - 1] : [-(2 ** (t.bits - 1)), 2 ** (t.bits - 1) - 1];
}

/** The bounds of an integer value: its value when known, else its range, else its type's. */
export function rangeOf(v: Value): Range | undefined {
  if (v.type.pointer > 0 || v.type.base !== 'int') return undefined;
  return v.known !== undefined ? [v.known, v.known] : (v.range ?? typeRange(v.type));
}

const span = (xs: readonly number[]): Range => [Math.min(...xs), Math.max(...xs)];

/** Interval arithmetic for the operators whose result bounds follow from their operands' (right operand known where noted). */
export const RANGE_OPS: Readonly<Record<string, (a: Range, b: Range) => Range | undefined>> = {
  '+': (a, b) => [a[0] + b[0], a[1] + b[1]],
  '-': (a, b) => [a[0] - b[1], a[1] - b[0]],
  '*': (a, b) => span([a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1]]),
  '/': (a, b) => (b[0] === b[1] && b[0] > 0 ? [Math.trunc(a[0] / b[0]), Math.trunc(a[1] / b[0])] : undefined),
  '>>': (a, b) => (b[0] === b[1] && b[0] >= 0 && b[0] < 32 ? [Math.floor(a[0] / 2 ** b[0]), Math.floor(a[1] / 2 ** b[0])] : undefined),
  '<<': (a, b) => (b[0] === b[1] && b[0] >= 0 && b[0] < 31 ? [a[0] * 2 ** b[0], a[1] * 2 ** b[0]] : undefined),
};

/** A comparison the operands' bounds decide: 1 or 0, or undefined when they overlap. */
export function decide(op: string, a: Range, b: Range): number | undefined {
  switch (op) {
    case '<': return a[1] < b[0] ? 1 : a[0] >= b[1] ? 0 : undefined;
    case '<=': return a[1] <= b[0] ? 1 : a[0] > b[1] ? 0 : undefined;
    case '>': return a[0] > b[1] ? 1 : a[1] <= b[0] ? 0 : undefined;
    case '>=': return a[0] >= b[1] ? 1 : a[1] < b[0] ? 0 : undefined;
    case '==': return a[1] < b[0] || a[0] > b[1] ? 0 : undefined;
    case '!=': return a[1] < b[0] || a[0] > b[1] ? 1 : undefined;
    default: return undefined;
  }
}

/** Whether a range fits a 32-bit signed integer (so the interval arithmetic did not wrap). */
export const fits32 = (r: Range): boolean => r[0] >= -(2 ** 31) && r[1] < 2 ** 31;

export const INT32: CType = { base: 'int', bits: 32, pointer: 0 };

export const FOLD: Readonly<Record<string, (a: number, b: number) => number>> = {
  '+': (a, b) => a + b, '-': (a, b) => a - b, '*': (a, b) => a * b,
  '/': (a, b) => (b === 0 ? Number.NaN : Math.trunc(a / b)), '%': (a, b) => (b === 0 ? Number.NaN : a % b),
  '<<': (a, b) => a * 2 ** b, '>>': (a, b) => Math.floor(a / 2 ** b),
  '&': (a, b) => Number(BigInt.asIntN(64, BigInt(Math.trunc(a)) & BigInt(Math.trunc(b)))),
  '|': (a, b) => Number(BigInt.asIntN(64, BigInt(Math.trunc(a)) | BigInt(Math.trunc(b)))),
  '^': (a, b) => Number(BigInt.asIntN(64, BigInt(Math.trunc(a)) ^ BigInt(Math.trunc(b)))),
  '<': (a, b) => Number(a < b), '>': (a, b) => Number(a > b), '<=': (a, b) => Number(a <= b), '>=': (a, b) => Number(a >= b),
  '==': (a, b) => Number(a === b), '!=': (a, b) => Number(a !== b),
};
export const COMPARISONS = new Set(['<', '>', '<=', '>=', '==', '!=']);

/** Wraps a known value to an integer type's width, as a cast does. */
export function wrap(v: number, t: CType): number {
  if (t.base !== 'int' || t.pointer > 0 || !Number.isFinite(v)) return v;
  const i = BigInt(Math.trunc(v));
  const bits = Math.min(t.bits, 64);
  return Number(t.unsigned ? BigInt.asUintN(bits, i) : BigInt.asIntN(bits, i));
}

/** The type of a binary arithmetic result (C's usual conversions, pointers kept). */
export function arithmeticType(a: CType, b: CType, op: string): CType {
  if (COMPARISONS.has(op)) return INT32;
  if (a.pointer > 0 && b.pointer > 0) return INT32;
  if (a.pointer > 0) return a;
  if (b.pointer > 0) return b;
  // Integer promotion: narrower types become (signed) int.
  if (op === '<<' || op === '>>') return a.base === 'int' ? (a.bits < 32 ? INT32 : a) : a;
  if (a.base === 'vector' || b.base === 'vector') return a.base === 'vector' ? a : b;
  if (a.base === 'float' || b.base === 'float') return { base: 'float', bits: Math.max(a.base === 'float' ? a.bits : 0, b.base === 'float' ? b.bits : 0), pointer: 0 };
  const bits = Math.max(32, a.bits, b.bits);
  // C's conversions: the wider operand's signedness wins; at equal width, unsigned does.
  const unsigned = (a.unsigned === true && a.bits === bits) || (b.unsigned === true && b.bits === bits);
  return { base: 'int', bits, pointer: 0, ...(unsigned ? { unsigned } : {}) };
}

/** An argument's value as the parameter of type `t` that receives it: known value, pointer offset or bounds carried over. */
export function bind(a: Value, t: CType): Value {
  if (a.known !== undefined) return { type: t, known: wrap(a.known, t) };
  if (a.sym !== undefined && t.pointer > 0) return { type: t, sym: a.sym };
  const r = rangeOf(a);
  const tr = typeRange(t);
  // Bounds survive when the parameter's type holds them all (64-bit parameters hold any 32-bit bounds).
  if (r !== undefined && t.base === 'int' && t.pointer === 0 && (tr === undefined ? t.bits > 32 : r[0] >= tr[0] && r[1] <= tr[1])) return { type: t, range: r };
  return { type: t };
}

/** Variables of nested blocks, each with what is known of its value. */
export class Scope {
  private readonly vars = new Map<string, Value>();
  /** Nesting level: loops tell their own variables from those that live across them. */
  readonly level: number;
  constructor(private readonly parent?: Scope, level?: number) {
    this.level = level ?? (parent ? parent.level + 1 : 0);
  }
  get(name: string): Value | undefined {
    return this.vars.get(name) ?? this.parent?.get(name);
  }
  /** The level of the scope that declares `name` (undefined when none does). */
  owner(name: string): number | undefined {
    return this.vars.has(name) ? this.level : this.parent?.owner(name);
  }
  set(name: string, v: Value): void {
    this.vars.set(name, v);
  }
}

