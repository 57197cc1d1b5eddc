/**
 * The integer multiply-accumulate ceiling of WebAssembly SIMD128 on the
 * machine running the benchmark, measured in the same process: a loop that
 * does nothing but the int8 matrix kernel's core — widen eight int8 values
 * (`v128.load8x8_s`), `i32x4.dot_i16x8_s`, `i32x4.add` — with operands
 * streaming from a 4 KB block of memory (always in L1), no requantization,
 * no stores, no loop nest. Several register blockings are tried and the
 * fastest is reported. A kernel that performs the model's multiply-
 * accumulates with SIMD128's exact integer instructions cannot beat it:
 * eight products per instruction is the most any of them gives (relaxed
 * SIMD's sixteen-wide dot product needs a flag in the Node this runs on, and
 * its 7-bit operand cannot hold int8 weights).
 *
 * The benchmark prints it beside the MAC rate each contender reaches and the
 * rate a latency goal demands, so a goal beyond the ceiling reads as such.
 */
import { loadBinaryen, ModuleBuilder, type Expr, type Local } from '../../compiler/emit-wasm/binaryen.js';

/** Rows × weight vectors per step; accumulators = rows × weights. */
const BLOCKINGS: ReadonlyArray<readonly [number, number]> = [[1, 4], [2, 4], [3, 4], [4, 2]];
const ITERATIONS = 2_000_000;
const TRIES = 5;

type Peak = (iterations: number) => number;

async function blockingKernel(rows: number, weights: number): Promise<Peak> {
  const mb = new ModuleBuilder(await loadBinaryen(), true);
  mb.setMemory(1, []);
  mb.addFunction('peak', [mb.t.i32], mb.t.i32, (f) => {
    const m = f.m;
    const n = f.param(0);
    const p = f.local(f.t.i32);
    const w = f.local(f.t.v128);
    const xs = f.locals(rows, f.t.v128) as Local[];
    const acc = f.locals(rows * weights, f.t.v128) as Local[];
    const body: Expr[] = [
      ...xs.map((x, r) => x.set(m.v128.load8x8_s(8 * r, 1, p.get()))),
      ...Array.from({ length: weights }, (_, j) => [
        w.set(m.v128.load8x8_s(64 + 8 * j, 1, p.get())),
        ...xs.map((x, r) => acc[j * rows + r]!.set(m.i32x4.add(acc[j * rows + r]!.get(), m.i32x4.dot_i16x8_s(x.get(), w.get())))),
      ]).flat(),
      p.set(m.i32.and(m.i32.add(p.get(), f.i32(16)), f.i32(4095))),
      n.set(m.i32.sub(n.get(), f.i32(1))),
      m.br('step', m.i32.ne(n.get(), f.i32(0))),
    ];
    const total = acc.slice(1).reduce<Expr>((s, a) => m.i32x4.add(s, a.get()), acc[0]!.get());
    return m.block(null, [m.loop('step', f.block(body)), m.i32x4.extract_lane(total, 0)], f.t.i32);
  });
  mb.exportFunction('peak', 'peak');
  const bytes = mb.finish(false);
  mb.dispose();
  const wasm = (globalThis as unknown as { WebAssembly: { instantiate(b: Uint8Array): Promise<{ instance: { exports: unknown } }> } }).WebAssembly;
  const { peak } = (await wasm.instantiate(bytes)).instance.exports as { peak: (n: number) => number };
  return (iterations) => {
    const t0 = performance.now();
    peak(iterations);
    const ns = (performance.now() - t0) * 1e6;
    return (iterations * rows * weights * 8) / ns;
  };
}

export interface SimdCeiling {
  macsPerNs: number;
  rows: number;
  weights: number;
}

/** The fastest blocking's multiply-accumulates per nanosecond. */
export async function measureSimdCeiling(): Promise<SimdCeiling> {
  let best: SimdCeiling = { macsPerNs: 0, rows: 0, weights: 0 };
  for (const [rows, weights] of BLOCKINGS) {
    const run = await blockingKernel(rows, weights);
    run(ITERATIONS / 10);
    for (let i = 0; i < TRIES; i++) {
      const rate = run(ITERATIONS);
      if (rate > best.macsPerNs) best = { macsPerNs: rate, rows, weights };
    }
  }
  return best;
}
