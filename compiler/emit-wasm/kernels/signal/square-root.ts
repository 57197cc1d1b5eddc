/**
 * The rounded integer square roots of compiler/ops/signal/fixed-math.ts
 * (sqrt32, sqrt64) as wasm helper functions, defined once per module.
 *
 * Digit by digit from the leading bit pair: with lead = clz(x) | 1 the
 * first trial bit is 2^(width − 1 − lead), an even power, and the
 * reference's step count is exactly the number of times that bit can be
 * divided by 4 before it reaches 0, so the loop runs while bit ≠ 0. All
 * comparisons and shifts are unsigned (the values are uint32 / uint64).
 */
import type { Expr, ModuleBuilder } from '../../binaryen.js';
import { helper } from '../../runtime/fixed-point.js';

/** sqrt32 on an i32 read as uint32: the root, rounded up when the remainder exceeds it, capped at 0xFFFF. */
export function sqrt32(mb: ModuleBuilder): (value: Expr) => Expr {
  const { i32 } = mb.t;
  return helper(mb, 'fx_usqrt32', [i32], i32, (f) => {
    const m = f.m;
    const rem = f.param(0);
    const [root, bit, trial] = f.locals(3, i32);
    return m.block(null, [
      m.if(m.i32.eqz(rem.get()), m.return(f.i32(0))),
      bit.set(m.i32.shl(f.i32(1), m.i32.sub(f.i32(31), m.i32.or(m.i32.clz(rem.get()), f.i32(1))))),
      m.loop('digit', m.block(null, [
        trial.set(m.i32.add(root.get(), bit.get())),
        m.if(m.i32.ge_u(rem.get(), trial.get()),
          m.block(null, [rem.set(m.i32.sub(rem.get(), trial.get())), root.set(m.i32.add(m.i32.shr_u(root.get(), f.i32(1)), bit.get()))]),
          root.set(m.i32.shr_u(root.get(), f.i32(1)))),
        bit.set(m.i32.shr_u(bit.get(), f.i32(2))),
        m.br('digit', m.i32.ne(bit.get(), f.i32(0))),
      ])),
      m.if(m.i32.and(m.i32.gt_u(rem.get(), root.get()), m.i32.ne(root.get(), f.i32(0xffff))), root.set(m.i32.add(root.get(), f.i32(1)))),
      m.return(m.i32.and(root.get(), f.i32(0xffff))),
    ], i32);
  });
}

/** sqrt64 on an i64 read as uint64, to a uint32 (i32); values below 2^32 take sqrt32. */
export function sqrt64(mb: ModuleBuilder): (value: Expr) => Expr {
  const { i32, i64 } = mb.t;
  const narrow = sqrt32(mb);
  return helper(mb, 'fx_usqrt64', [i64], i32, (f) => {
    const m = f.m;
    const rem = f.param(0);
    const [root, bit, trial] = f.locals(3, i64);
    return m.block(null, [
      m.if(m.i64.eqz(m.i64.shr_u(rem.get(), f.i64(32))), m.return(narrow(m.i32.wrap(rem.get())))),
      bit.set(m.i64.shl(f.i64(1), m.i64.sub(f.i64(63), m.i64.or(m.i64.clz(rem.get()), f.i64(1))))),
      m.loop('digit', m.block(null, [
        trial.set(m.i64.add(root.get(), bit.get())),
        m.if(m.i64.ge_u(rem.get(), trial.get()),
          m.block(null, [rem.set(m.i64.sub(rem.get(), trial.get())), root.set(m.i64.add(m.i64.shr_u(root.get(), f.i64(1)), bit.get()))]),
          root.set(m.i64.shr_u(root.get(), f.i64(1)))),
        bit.set(m.i64.shr_u(bit.get(), f.i64(2))),
        m.br('digit', m.i64.ne(bit.get(), f.i64(0))),
      ])),
      m.if(m.i32.and(m.i64.gt_u(rem.get(), root.get()), m.i64.ne(root.get(), f.i64(0xffffffff))), root.set(m.i64.add(root.get(), f.i64(1)))),
      m.return(m.i32.wrap(root.get())),
    ], i32);
  });
}
