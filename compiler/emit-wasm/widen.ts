/**
 * Weights a kernel reads as int16 but the module ships as int8: data
 * segments hold the int8 values and a few per-lane scales, and the module's
 * `start` function writes the int16 form (value · scale) into a region of
 * linear memory reserved for it (layout.ts) when the module is instantiated.
 * The int8 values are loaded into the upper half of their own region and
 * widened in place, front to back: group g reads bytes N + 8g… and writes
 * 16g…16g + 15 of a region of 2N bytes, which never reaches a group not yet
 * read (16g + 16 ≤ N + 8(g + 1) for every g < N/8), and a group's load
 * comes before its store. So the module's memory and the pages touched at
 * instantiation are those of an int16 table shipped whole, not 1.5 times.
 * The matrix kernel uses this for int8 weights with the requantization's
 * per-channel power of two folded in (gemm-simd.ts): the int16 stream is
 * what makes its inner loop fast, the int8 one is what a page downloads.
 *
 * Why the wasm `start` function rather than an init export the loader
 * calls: the start function runs exactly once per instance, before any
 * export can be reached, in every engine and through every way of
 * instantiating the module (the bundle's loader, a page's own
 * `WebAssembly.instantiate`, tests, dev scripts). Nothing can run the model
 * on an unwidened region, no loader or model.json format changes, and
 * modules without such weights carry no start function at all. The cost is
 * a pass of SIMD widening multiplies over the weights at instantiation
 * (well under a millisecond for the oracle models; scripts/dev/module-sizes.ts).
 *
 * The int8 values come in groups of 8 that widen to one i16x8 vector each,
 * multiplied lane by lane by a scale vector (`i16x8.mul`; the kernel has
 * checked every product fits in int16, so it is exact). A run is `blocks`
 * blocks, each repeating a cycle of `vectors` groups `repeats` times; group
 * v of the cycle takes the block's scale vector v. That is the matrix
 * kernel's [block][pair][vector] stream with its four-channel scales.
 */
import type { Expr, FunctionBuilder, ModuleBuilder } from './binaryen.js';

/** One run of groups sharing a scale pattern (see the header). */
export interface WidenRun {
  blocks: number;
  repeats: number;
  vectors: number;
}

/** An int16 table the module writes at instantiation from int8 values and scales. */
export interface WidenedTable {
  /** The int8 values in the int16 table's order: 8 per group, runs one after the other. */
  int8: Uint8Array;
  /** Little-endian i16x8 scale vectors: `vectors` per block of each run, runs one after the other. */
  scales: Uint8Array;
  runs: WidenRun[];
}

/** A widened table placed in memory: its int16 region (int8 data segment in the upper half) and its scales. */
export interface PlacedWidening {
  table: WidenedTable;
  /** Address of the int16 region the kernel reads. */
  at: number;
  scalesAt: number;
}

/** Where the int8 values of a table placed at `at` are loaded: the upper half of its region. */
export const int8Address = (p: PlacedWidening): number => p.at + p.table.int8.length;

/** Bytes of the int16 region. */
export const widenedBytes = (t: WidenedTable): number => 2 * t.int8.length;

/** Adds the start function writing every placed table (nothing when there are none). SIMD modules only. */
export function addWideningStart(mb: ModuleBuilder, placed: PlacedWidening[]): void {
  if (placed.length === 0) return;
  if (!mb.simd) throw new Error('widened weights are for SIMD kernels only');
  const { i32, none } = mb.t;
  mb.addFunction('widen_run', [i32, i32, i32, i32, i32, i32], none, (f) => widenRunBody(f));
  const calls: Expr[] = [];
  for (const p of placed) {
    let src = int8Address(p);
    let dst = p.at;
    let scales = p.scalesAt;
    for (const run of p.table.runs) {
      const groups = run.blocks * run.repeats * run.vectors;
      if (groups === 0) continue;
      calls.push(mb.m.call('widen_run', [src, dst, scales, run.blocks, run.repeats, run.vectors].map((v) => mb.m.i32.const(v)), none));
      src += 8 * groups;
      dst += 16 * groups;
      scales += 16 * run.blocks * run.vectors;
    }
  }
  mb.addFunction('widen_weights', [], none, (f) => f.block(calls.length > 0 ? calls : [mb.m.nop()]));
  mb.setStart('widen_weights');
}

/** widen_run(src, dst, scales, blocks, repeats, vectors): one run, group by group. */
function widenRunBody(f: FunctionBuilder): Expr {
  const m = f.m;
  const [src, dst, scales, blocks, repeats, vectors] = f.params(6);
  const [b, r, v, s] = f.locals(4, f.t.i32);
  return f.forRange(b, 0, f.dyn(blocks.get()), [
    f.forRange(r, 0, f.dyn(repeats.get()), [
      s.set(scales.get()),
      f.forRange(v, 0, f.dyn(vectors.get()), [
        m.v128.store(0, 1, dst.get(), m.i16x8.mul(m.v128.load8x8_s(0, 1, src.get()), m.v128.load(0, 1, s.get()))),
        src.set(f.addr(src.get(), 8)),
        dst.set(f.addr(dst.get(), 16)),
        s.set(f.addr(s.get(), 16)),
      ]),
    ]),
    scales.set(s.get()),
  ]);
}
