/**
 * Where everything lives in the module's linear memory:
 *
 * ```
 * 0        reserved (address 0 stays unused, so a stray null pointer shows)
 * 64       arena: every activation tensor and kernel scratch at its planned offset
 *          state tensors (kept between runs)
 *          widened weights: int16 tables the start function writes at
 *            instantiation from int8 data segments loaded into each table's
 *            upper half (widen.ts; SIMD module only)
 *          constants: weights, biases, per-channel tables (one data segment)
 *          64 guard bytes (SIMD loads may read a few bytes past a tensor's end)
 * ```
 *
 * The arena and state part is the same for the SIMD and the plain module,
 * so both share one model.json; the widened region and the constants
 * differ (the SIMD kernels may re-lay weights out) and are placed per
 * module (`widenedRegion`, `ConstantPool`). The widened region sits below
 * the constants so the constants stay one contiguous data segment.
 */
import { byteSize, bytesOf, elementCount, type Graph } from '../ir/index.js';
import type { MemoryPlan } from '../plan/index.js';

export const ARENA_BASE = 64;
export const GUARD_BYTES = 64;
export const PAGE_BYTES = 65536;
const ALIGN = 16;

export const alignTo = (n: number, a: number = ALIGN): number => Math.ceil(n / a) * a;

export interface SharedLayout {
  /** Address of each tensor living in the arena or the state area (undefined for constants). */
  tensorAddress: Array<number | undefined>;
  /** Address of each op's scratch, when it has one. */
  scratchAddress: Array<number | undefined>;
  arenaBytes: number;
  stateBytes: number;
  /** First byte after arena and state: where constants start. */
  constantsBase: number;
}

export function sharedLayout(plan: MemoryPlan): SharedLayout {
  // The plan places state tensors too, in a region of its own at the end of the arena.
  const tensorAddress = plan.tensorOffsets.map((o) => (o === undefined ? undefined : ARENA_BASE + o));
  const scratchAddress = plan.scratchOffsets.map((o) => (o === undefined ? undefined : ARENA_BASE + o));
  const top = alignTo(ARENA_BASE + plan.arenaBytes);
  return { tensorAddress, scratchAddress, arenaBytes: plan.arenaBytes, stateBytes: plan.stateBytes, constantsBase: top };
}

/** Addresses of int16 regions of `sizes` bytes from `base` (16-byte aligned), and the region's end. */
export function widenedRegion(base: number, sizes: readonly number[]): { at: number[]; end: number } {
  let top = base;
  const at = sizes.map((bytes) => {
    const here = top;
    top = alignTo(top + bytes);
    return here;
  });
  return { at, end: top };
}

/** Constants placed after the shared layout, gathered into one data segment. */
export class ConstantPool {
  private readonly chunks: Array<{ offset: number; bytes: Uint8Array }> = [];
  private readonly tensorAt = new Map<number, number>();
  private readonly sharedAt = new Map<string, number>();
  private top: number;

  constructor(readonly base: number, private readonly graph: Graph) {
    this.top = base;
  }

  /** Address of constant tensor `index`, placing it on first use. */
  tensor(index: number): number {
    const known = this.tensorAt.get(index);
    if (known !== undefined) return known;
    const data = this.graph.tensors[index]!.data!;
    const at = this.place(bytesOf(data));
    this.tensorAt.set(index, at);
    return at;
  }

  /** Places a table (per-channel multipliers, re-laid-out weights, …) and returns its address. */
  place(bytes: Uint8Array): number {
    const at = this.top;
    if (bytes.length > 0) this.chunks.push({ offset: at, bytes });
    this.top = alignTo(at + Math.max(bytes.length, 1));
    return at;
  }

  /** Address of the table several ops share under `name`, placing it on first use. */
  placeShared(name: string, bytes: Uint8Array): number {
    const known = this.sharedAt.get(name);
    if (known !== undefined) return known;
    const at = this.place(bytes);
    this.sharedAt.set(name, at);
    return at;
  }

  /** End of the constants (exclusive). */
  get end(): number {
    return this.top;
  }

  /** All constants as one segment starting at `base`. */
  segment(): Uint8Array {
    const out = new Uint8Array(this.top - this.base);
    for (const c of this.chunks) out.set(c.bytes, c.offset - this.base);
    return out;
  }
}

/** Whole pages holding `end` bytes plus the guard. */
export function pagesFor(end: number): number {
  return Math.max(1, Math.ceil((end + GUARD_BYTES) / PAGE_BYTES));
}
