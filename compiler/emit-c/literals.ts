/**
 * C literals for the numbers the emitter bakes into code: integers that stay
 * valid for every width (INT32_MIN has no literal of its own), float32 and
 * double values that parse back to exactly the same bits, and array
 * initialisers wrapped to a readable width.
 */

const INT32_MIN = -2147483648;

/** An int32 value as a C expression of type int32_t-compatible int. */
export function cInt(x: number): string {
  if (!Number.isInteger(x)) throw new RangeError(`cInt: ${x} is not an integer`);
  if (x === INT32_MIN) return 'INT32_MIN';
  if (x < INT32_MIN || x > 2147483647) return cInt64(BigInt(x));
  return x < 0 ? `(${x})` : String(x);
}

/** An int64 value (bias of a 16x8 convolution) as a C expression. */
export function cInt64(x: bigint): string {
  if (x === -(2n ** 63n)) return 'INT64_MIN';
  return x < 0n ? `(-INT64_C(${-x}))` : `INT64_C(${x})`;
}

/**
 * A float32 value as a C float literal. JavaScript prints the shortest
 * decimal that reads back as the same double; a float32 value read as
 * `float` from that decimal is the same float32 (the decimal is far closer
 * to it than to any other float).
 */
export function cFloat(x: number): string {
  if (Number.isNaN(x)) throw new RangeError('cFloat: NaN has no literal');
  if (x === Infinity) return 'INFINITY';
  if (x === -Infinity) return '(-INFINITY)';
  const f = Math.fround(x);
  if (Object.is(f, -0)) return '(-0.0f)';
  const s = decimal(f);
  return f < 0 ? `(${s}f)` : `${s}f`;
}

/** A double value as a C double literal (exact round trip). */
export function cDouble(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`cDouble: ${x} has no literal`);
  const s = decimal(x);
  return x < 0 ? `(${s})` : s;
}

function decimal(x: number): string {
  const s = String(x);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

/** Comma-separated values, `perLine` to a line, for an array initialiser. */
export function initializerLines(values: readonly string[], perLine: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < values.length; i += perLine) lines.push(values.slice(i, i + perLine).join(', ') + ',');
  return lines;
}
