/**
 * The C runtime's fixed-point helpers (runtime-c/ingot_fixed_point.h)
 * against their TypeScript twins (compiler/quant), on thousands of random
 * arguments plus the edge values, in one C process per build: gcc -O2 with
 * strict warnings, and gcc with UndefinedBehaviorSanitizer aborting on any
 * report (no signed overflow or bad shift on any of these inputs).
 */
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import * as fp from '../../compiler/quant/fixed-point.js';
import * as gl from '../../compiler/quant/gemmlowp.js';
import { q15Multiplier } from '../../compiler/emit-c/kernels/common.js';
import { repoRoot } from '../helpers/paths.js';
import { scratchDir } from '../helpers/scratch.js';

/** xorshift32: deterministic random int32s. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s | 0;
  };
}

const EDGES = [0, 1, -1, 2, -2, 127, -128, 32767, -32768, 1 << 30, -(1 << 30), 2147483647, -2147483648];

interface Query {
  line: string;
  expected: string;
}

function queries(): Query[] {
  const next = random(0x2545f491);
  const int = (lo: number, hi: number): number => lo + ((next() >>> 0) % (hi - lo + 1));
  const values = (n: number): number[] => [...EDGES, ...Array.from({ length: n }, next)];
  const multiplier = (): number => int(1 << 30, 2147483647);
  const q: Query[] = [];
  const add = (name: string, args: Array<number | bigint>, expected: number | string): void => {
    q.push({ line: `${name} ${args.join(' ')}`, expected: String(expected) });
  };
  for (const a of values(1500)) {
    const b = next();
    add('srdhm', [a, b], fp.saturatingRoundingDoublingHighMul(a, b));
    add('srdhm', [a, a], fp.saturatingRoundingDoublingHighMul(a, a));
    const e = int(0, 34);
    add('rdbp', [a, e], fp.roundingDivideByPOT(a, e));
    const m = multiplier();
    const s = int(-31, 31);
    add('mbqm', [a, m, s], fp.multiplyByQuantizedMultiplier(a, m, s));
    const sd = int(-31, 0);
    add('mbqm_smaller', [a, m, sd], fp.multiplyByQuantizedMultiplierSmallerThanOneExp(a, m, sd));
    const ls = int(0, 31);
    add('mbqm_greater', [a, m, ls], fp.multiplyByQuantizedMultiplierGreaterThanOne(a, m, ls));
    const right = int(0, 31);
    const mr = int(0, 2147483647);
    add('mbqm_right', [a, mr, right], fp.multiplyByQuantizedMultiplier(a, mr, -right));
    const x64 = BigInt(a) * BigInt(int(0, 65535));
    const s64 = int(-31, 7);
    const wide = fp.multiplyByQuantizedMultiplier64(Number(x64), m, s64);
    // Beyond 2^53 the TypeScript result is a rounded double (kernels never get near: results fit int32).
    if (Number.isSafeInteger(wide)) {
      add('mbqm64', [x64, m, s64], wide);
      const q15 = q15Multiplier(m, s64);
      add('mbqm64_q15', [x64, q15.reduced, q15.totalShift], wide);
    }
    const pot = int(-31, 30);
    add('sat_mul_pot', [a, pot], gl.saturatingRoundingMultiplyByPOT(a, pot));
    add('rounding_half_sum', [a, b], gl.roundingHalfSum(a, b));
    const neg = a > 0 ? -a : a;
    for (const bits of [1, 4, 5, 6, 12]) add('exp_neg', [neg, bits], gl.expOnNegativeValues(neg, bits));
    const unit = a < 0 ? (a === -2147483648 ? 0 : -a) : a;
    add('one_over_one_plus_x', [unit], gl.oneOverOnePlusXForXIn01(unit));
    add('one_minus_x_over_one_plus_x', [unit], gl.oneMinusXOverOnePlusXForXIn01(unit));
    for (const bits of [4, 5]) {
      add('logistic', [a, bits], gl.logistic(a, bits));
      add('tanh', [a, bits], gl.tanh(a, bits));
    }
    if (unit > 0) {
      const r = gl.getReciprocal(unit, 12);
      add('reciprocal', [unit, 12], `${r.reciprocal} ${r.bitsOverUnit}`);
    }
  }
  return q;
}

function build(flags: string[]): string {
  const out = join(scratchDir('ingot-fp-'), 'check');
  execFileSync('gcc', ['-std=c99', '-Wall', '-Wextra', '-Werror', '-pedantic', ...flags, join(repoRoot, 'runtime-c', 'tests', 'fixed_point_check.c'), '-o', out]);
  return out;
}

const all = queries();

for (const [label, flags] of [['gcc -O2', ['-O2']], ['gcc -O1 with UBSan', ['-O1', '-fsanitize=undefined', '-fno-sanitize-recover=all']]] as const) {
  test(`C fixed-point helpers equal the TypeScript ones on ${all.length} queries (${label})`, (t) => {
    const program = build([...flags]);
    const output = execFileSync(program, [], { input: all.map((x) => x.line).join('\n') + '\n', maxBuffer: 64 << 20 }).toString().trimEnd().split('\n');
    t.is(output.length, all.length);
    const wrong = all.flatMap((x, i) => (output[i] === x.expected ? [] : [`${x.line}: C ${output[i]}, TS ${x.expected}`]));
    t.deepEqual(wrong.slice(0, 10), []);
  });
}
