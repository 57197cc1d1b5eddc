/**
 * From a graph to wasm modules: prepare every op (the same prepared data
 * the reference executor uses), plan each op's kernel for the SIMD and the
 * plain build (and, asked for, the relaxed-SIMD variant of the SIMD one),
 * plan memory once with the largest scratch of the plans, then build each
 * module: one function per distinct kernel configuration, a `run`
 * function that calls them in execution order with the planned addresses
 * as constants, the constants in one data segment, a start function
 * widening int8 weights that SIMD kernels read as int16 (widen.ts), and a
 * fixed memory exported as `memory`.
 */
import { byteSize, elementCount, fail, IngotError, isStateTensor, stateInitialValue, type Graph } from '../ir/index.js';
import { OPS } from '../ops/registry.js';
import { planMemory, type MemoryPlan } from '../plan/index.js';
import { loadBinaryen, ModuleBuilder, type Expr } from './binaryen.js';
import { WASM_KERNELS } from './kernels/index.js';
import type { KernelPlan, Operand, WasmKernel } from './kernels/kernel.js';
import { ConstantPool, pagesFor, sharedLayout, widenedRegion, type SharedLayout } from './layout.js';
import { addWideningStart, int8Address, widenedBytes, type PlacedWidening } from './widen.js';

export interface EmittedModule {
  simd: boolean;
  /** A SIMD module that also uses relaxed SIMD (where every engine's reading gives the same bits). */
  relaxed: boolean;
  bytes: Uint8Array;
  pages: number;
  /** Bytes of constants (weights and tables) in the data segments. */
  constantBytes: number;
  /** Int16 weight tables the start function writes at instantiation (widen.ts), in step order. */
  widened: PlacedWidening[];
  /** The kernel function each step calls, in execution order (e.g. `conv2d_0`). */
  functions: string[];
  /** The optimized module as WAT, with function names (when asked for with `wat`). */
  wat?: string;
}

export interface EmittedModules {
  modules: EmittedModule[];
  plan: MemoryPlan;
  layout: SharedLayout;
}

export interface EmitModulesOptions {
  /** Which builds to produce, in order (default: SIMD, then plain). */
  builds?: boolean[];
  /**
   * After those, a relaxed-SIMD variant of the SIMD module (on the SIMD
   * plans, or a kernel's `relaxedPlan`), kept only when some kernel used a
   * relaxed instruction.
   */
  relaxed?: boolean;
  /** Run binaryen's optimizer (default true). */
  optimize?: boolean;
  /** Also export each step as `step_<k>` (execution order), for per-layer timing. */
  stepExports?: boolean;
  /** Also return each module as named WAT text (golden files, reading). */
  wat?: boolean;
  /** The kernel table (default: all of WASM_KERNELS); tests pass a smaller one. */
  kernels?: typeof WASM_KERNELS;
}

/** The module builds: SIMD128, plain, and the relaxed-SIMD variant of the SIMD one. */
type Build = 'simd' | 'plain' | 'relaxed';

const buildOf = (mb: ModuleBuilder): Build => (mb.relaxed ? 'relaxed' : mb.simd ? 'simd' : 'plain');

interface OpKernel {
  kernel: WasmKernel<any, unknown>;
  plans: Map<Build, KernelPlan<unknown>>;
}

export async function emitWasmModules(g: Graph, opts: EmitModulesOptions = {}): Promise<EmittedModules> {
  const builds = opts.builds ?? [true, false];
  const kernels = g.ops.map((op, index): OpKernel => {
    const prepared = withOpIndex(index, () => OPS[op.kind].prepare(op as never, g));
    const kernel = (opts.kernels ?? WASM_KERNELS)[op.kind] as WasmKernel<any, unknown> | undefined;
    if (!kernel) {
      fail('backend/unsupported-op', `operator ${index} (${op.source ?? op.kind} '${op.name}') has no WebAssembly kernel for target wasm`, {
        opIndex: index,
        hint: 'compile for a C target instead, or replace this op in the model',
      });
    }
    const reason = withOpIndex(index, () => kernel.unsupported?.(op, prepared, g));
    if (reason !== undefined) {
      fail('backend/unsupported-op', `operator ${index} (${op.source ?? op.kind} '${op.name}'): the WebAssembly kernel does not support ${reason}`, {
        opIndex: index,
        hint: 'compile for a C target instead, or change this op in the model',
      });
    }
    const plans = new Map<Build, KernelPlan<unknown>>(builds.map((simd) => [simd ? 'simd' : 'plain', withOpIndex(index, () => kernel.plan(op, prepared, g, simd))]));
    const simdPlan = plans.get('simd');
    if (opts.relaxed && simdPlan) plans.set('relaxed', kernel.relaxedPlan?.(simdPlan) ?? simdPlan);
    return { kernel, plans };
  });
  const scratch = kernels.map((k) => Math.max(0, ...[...k.plans.values()].map((p) => p.scratchBytes ?? 0)));
  const plan = planMemory(g, { alignment: 16, scratch });
  const layout = sharedLayout(plan);
  const binaryen = await loadBinaryen();
  const modules = builds.map((simd) => buildModule(new ModuleBuilder(binaryen, simd), g, plan, layout, kernels, opts)!);
  if (opts.relaxed && builds.includes(true)) {
    const relaxed = buildModule(new ModuleBuilder(binaryen, true, true), g, plan, layout, kernels, opts);
    if (relaxed) modules.push(relaxed);
  }
  return { modules, plan, layout };
}

/** One module; a relaxed build whose kernels used no relaxed instruction is none (it would be the SIMD module again). */
function buildModule(mb: ModuleBuilder, g: Graph, plan: MemoryPlan, layout: SharedLayout, kernels: OpKernel[], opts: EmitModulesOptions): EmittedModule | undefined {
  try {
    // Addresses first: binaryen needs the memory declared before any load or store is built.
    const stepPlans = plan.order.map((opIndex) => ({ opIndex, p: kernels[opIndex]!.plans.get(buildOf(mb))! }));
    const tables = stepPlans.flatMap(({ p }) => p.operands.flatMap((o) => ('widened' in o ? [o.widened] : [])));
    const region = widenedRegion(layout.constantsBase, tables.map(widenedBytes));
    const pool = new ConstantPool(region.end, g);
    const widened: PlacedWidening[] = [];
    const place = (o: Operand, opIndex: number): number => {
      if (!('widened' in o)) return operandAddress(o, opIndex, g, layout, pool);
      const at = region.at[widened.length]!;
      widened.push({ table: o.widened, at, scalesAt: pool.place(o.widened.scales) });
      return at;
    };
    const steps = stepPlans.map(({ opIndex, p }) => ({ opIndex, p, addresses: p.operands.map((o) => place(o, opIndex)) }));
    const pages = pagesFor(pool.end);
    const segment = pool.segment();
    const int8Segments = widened.map((w) => ({ offset: int8Address(w), bytes: w.table.int8 }));
    mb.setMemory(pages, [...int8Segments, ...(segment.length > 0 ? [{ offset: pool.base, bytes: segment }] : [])]);
    addWideningStart(mb, widened);
    const functions: string[] = [];
    const calls: Expr[] = steps.map(({ opIndex, p, addresses }) => {
      const op = g.ops[opIndex]!;
      const { kernel } = kernels[opIndex]!;
      const key = stableJson({ config: p.config, arity: addresses.length });
      const name = mb.intern(op.kind, key, (n) =>
        mb.addFunction(n, addresses.map(() => mb.t.i32), mb.t.none, (f) => kernel.emit(f, p.config, mb.simd)));
      functions.push(name);
      return mb.m.call(name, addresses.map((a) => mb.m.i32.const(a)), mb.t.none);
    });
    if (opts.stepExports) {
      calls.forEach((call, k) => {
        mb.addFunction(`step_${k}`, [], mb.t.none, () => mb.m.copyExpression(call));
        mb.exportFunction(`step_${k}`, `step_${k}`);
      });
    }
    mb.addFunction('run', [], mb.t.none, (f) => f.block(calls.length > 0 ? calls : [mb.m.nop()]));
    mb.exportFunction('run', 'run');
    // A model that keeps state between runs (an LSTM's hidden and cell state) exports `reset`, which the loader calls once.
    const state = g.tensors.flatMap((t, i) => (isStateTensor(t) ? [{ t, at: layout.tensorAddress[i]! }] : []));
    if (state.length > 0) {
      mb.addFunction('reset', [], mb.t.none, (f) => {
        const k = f.local(f.t.i32);
        return f.block(state.map(({ t, at }) => f.forRange(k, 0, byteSize(t.dtype, elementCount(t.shape)), [
          f.m.i32.store8(0, 1, f.m.i32.add(k.get(), f.i32(at)), f.i32(stateInitialValue(t))),
        ])));
      });
      mb.exportFunction('reset', 'reset');
    }
    if (mb.relaxed && mb.relaxedUses === 0) return undefined;
    const bytes = mb.finish(opts.optimize ?? true);
    const constantBytes = segment.length + int8Segments.reduce((n, w) => n + w.bytes.length, 0);
    return { simd: mb.simd, relaxed: mb.relaxed, bytes, pages, constantBytes, widened, functions, ...(opts.wat ? { wat: mb.text() } : {}) };
  } finally {
    mb.dispose();
  }
}

function operandAddress(o: Operand, opIndex: number, g: Graph, layout: SharedLayout, pool: ConstantPool): number {
  if ('absent' in o) return 0;
  if ('widened' in o) throw new Error(`op ${opIndex}: widened tables are placed by buildModule`);
  if ('table' in o) return o.shared !== undefined ? pool.placeShared(o.shared, o.table) : pool.place(o.table);
  if ('scratch' in o) {
    const at = layout.scratchAddress[opIndex];
    if (at === undefined) throw new Error(`op ${opIndex} asked for scratch the plan did not give it`);
    return at;
  }
  const t = g.tensors[o.tensor]!;
  if (t.data !== undefined) return pool.tensor(o.tensor);
  const at = layout.tensorAddress[o.tensor];
  if (at === undefined) throw new Error(`tensor ${o.tensor} '${t.name}' has no planned address`);
  return at;
}

/** Tags a diagnostic raised while handling op `index` with that index. */
function withOpIndex<T>(index: number, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof IngotError) e.diagnostic.opIndex ??= index;
    throw e;
  }
}

/** JSON with ±Infinity and NaN spelled out, so distinct configs never share a key. */
export function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? `#${x}` : x));
}
