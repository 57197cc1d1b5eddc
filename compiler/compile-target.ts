/**
 * Compiling for a target whichever backend it takes: C targets through
 * `compile()`, WebAssembly targets through `compileWasm()`. `compile()`
 * checks the size budgets itself; WebAssembly bundles are checked here
 * against the same limits, so --max-flash and --max-ram mean the same on
 * every target (a budget is never silently ignored).
 */
import { compile, type CompileOptions, type CompileResult } from './compile.js';
import type { Graph } from './ir/index.js';
import { checkBudgets } from './report/budget.js';
import { backendOf, type Target } from '../targets/index.js';

/** Compiles `graph` for `target` with the backend it takes; budgets apply to both. */
export async function compileForTarget(graph: Graph, target: Target, options: Omit<CompileOptions, 'target'> = {}): Promise<CompileResult> {
  if (backendOf(target) === 'c') return compile(graph, { ...options, target });
  // binaryen is large: the WebAssembly emitter is loaded only when a target takes it.
  const { compileWasm } = await import('./compile-wasm.js');
  const result = await compileWasm(graph, { target, ...(options.name !== undefined ? { name: options.name } : {}) });
  checkBudgets(result.sizes, target, options);
  return result;
}
