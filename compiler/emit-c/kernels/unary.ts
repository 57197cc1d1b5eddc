/**
 * The ONNX unary family in C — CLIP, HARD_SIGMOID, HARD_SWISH, EXP, LOG,
 * SQRT, RECIPROCAL, ABS, NEG, SIGN and the libm rows (trigonometric,
 * hyperbolic, ERF, FLOOR, CEIL, ROUND) — as rows of one table mirroring the
 * op file's: one flat loop, one expression per element.
 *
 * Float rows round to float32 after every step, as the reference does (each
 * step is its own statement, and bundles build with -ffp-contract=off).
 * SQRT and RECIPROCAL are correctly rounded in both, so they are bit-exact;
 * EXP and LOG call libm's expf/logf where the reference rounds the double
 * Math.exp/Math.log to float32 — within an ulp, like the activations' expf,
 * and compared within the float tolerance. Integer rows (CLIP, ABS, NEG on
 * unquantized integers) compute in int32 and wrap to the element type like
 * the reference's typed-array store.
 *
 * The output may share memory with the input (element i is read before it
 * is written).
 */
import { UNARY_MATH_KINDS, type UnaryKind, type UnaryMathKind, type UnaryPrepared } from '../../ops/unary.js';
import { cFloat, cInt } from '../literals.js';
import { CWriter } from '../writer.js';
import { inputOutputParams, outType } from './common.js';
import { defineKernel, type CKernel, type KernelContext } from './kernel.js';

interface UnaryRow {
  /** Statements turning float `x` into float `y`. */
  float(p: UnaryPrepared): string[];
  /** Statements turning int32 `x` into int32 `y` (wrapped by the store); absent for float-only rows. */
  int?(p: UnaryPrepared): string[];
}

/** ONNX HardSigmoid: max(0, min(1, alpha · x + beta)), each step rounded. */
const hardSigmoid = (alpha: number, beta: number, into: string): string[] => [
  `const float ${into}_ax = ${cFloat(alpha)} * x;`,
  `const float ${into}_v = ${into}_ax + ${cFloat(beta)};`,
  `const float ${into} = ${into}_v < 0.0f ? 0.0f : ${into}_v > 1.0f ? 1.0f : ${into}_v;`,
];

/** A row that is one float call of libm. */
const libm = (fn: string): UnaryRow => ({ float: () => [`const float y = ${fn}(x);`] });

const ROWS: Record<UnaryKind, UnaryRow> = {
  clip: {
    // min(max(x, lo), hi): with lo > hi every element becomes hi, as the reference gives.
    float: (p) => [`const float lo = x < ${cFloat(p.a)} ? ${cFloat(p.a)} : x;`, `const float y = lo > ${cFloat(p.b)} ? ${cFloat(p.b)} : lo;`],
    int: (p) => [`const int32_t lo = x < ${cInt(p.a)} ? ${cInt(p.a)} : x;`, `const int32_t y = lo > ${cInt(p.b)} ? ${cInt(p.b)} : lo;`],
  },
  hard_sigmoid: { float: (p) => hardSigmoid(p.a, p.b, 'y') },
  hard_swish: { float: () => [...hardSigmoid(Math.fround(1 / 6), 0.5, 'hs'), 'const float y = x * hs;'] },
  exp: libm('expf'),
  log: libm('logf'),
  sqrt: libm('sqrtf'),
  reciprocal: { float: () => ['const float y = 1.0f / x;'] },
  abs: { float: () => ['const float y = fabsf(x);'], int: () => ['const int32_t y = x < 0 ? ingot_wrap_neg(x) : x;'] },
  neg: { float: () => ['const float y = -x;'], int: () => ['const int32_t y = ingot_wrap_neg(x);'] },
  sin: libm('sinf'), cos: libm('cosf'), tan: libm('tanf'), asin: libm('asinf'), acos: libm('acosf'), atan: libm('atanf'),
  sinh: libm('sinhf'), cosh: libm('coshf'), asinh: libm('asinhf'), acosh: libm('acoshf'), atanh: libm('atanhf'), erf: libm('erff'),
  floor: libm('floorf'), ceil: libm('ceilf'),
  // nearbyintf rounds in the default mode, to nearest with ties to even.
  round: libm('nearbyintf'),
  sign: { float: () => ['const float y = x > 0.0f ? 1.0f : x < 0.0f ? -1.0f : x;'], int: () => ['const int32_t y = x > 0 ? 1 : x < 0 ? -1 : 0;'] },
};

function defineUnaryKernel<K extends UnaryKind>(kind: K): CKernel<K, UnaryPrepared> {
  const row = ROWS[kind];
  return defineKernel({
    kind,
    unsupported: ({ prepared: p }: KernelContext<UnaryPrepared>) => (p.dtype !== 'f32' && !row.int ? `${p.dtype} elements` : undefined),
    emit({ op, graph, prepared: p }: KernelContext<UnaryPrepared>) {
      const t = outType(graph, op);
      const isFloat = p.dtype === 'f32';
      const w = new CWriter();
      w.block(`for (int32_t i = 0; i < ${p.count}; ++i)`, () => {
        w.line(`const ${isFloat ? 'float' : 'int32_t'} x = input[i];`);
        w.lines(isFloat ? row.float(p) : row.int!(p));
        w.line(isFloat ? 'output[i] = y;' : `output[i] = (${t})y;`);
      });
      return {
        params: inputOutputParams(t),
        body: w,
        noAlias: false,
      };
    },
  });
}

export const clipKernel = defineUnaryKernel('clip');
export const hardSigmoidKernel = defineUnaryKernel('hard_sigmoid');
export const hardSwishKernel = defineUnaryKernel('hard_swish');
export const expKernel = defineUnaryKernel('exp');
export const logKernel = defineUnaryKernel('log');
export const sqrtKernel = defineUnaryKernel('sqrt');
export const reciprocalKernel = defineUnaryKernel('reciprocal');
export const absKernel = defineUnaryKernel('abs');
export const negKernel = defineUnaryKernel('neg');

/** The math rows' kernels, by kind. */
export const UNARY_MATH_KERNELS = Object.fromEntries(UNARY_MATH_KINDS.map((k) => [k, defineUnaryKernel(k)])) as { [K in UnaryMathKind]: CKernel<K, UnaryPrepared> };
