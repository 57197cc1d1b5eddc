/**
 * The library's compile entry point for WebAssembly, beside `compile()` for
 * C: a graph and options in; the bundle (its modules, the loader and its
 * types, model.json, a README with a usage snippet, and manifest.json in
 * the same format as C bundles), its memory plan, warnings and sizes out.
 * Asynchronous because binaryen is loaded on first use. Pure like
 * `compile()`: nothing is written, and the same graph and options give
 * byte-identical files.
 *
 * Sizes are not estimates here: the modules exist once emitted, so the
 * manifest records the SIMD module's exact code and data section sizes.
 */
import { byteSize, elementCount, fail, verifyGraph, type Diagnostic, type Graph } from './ir/index.js';
import {
  fileEntries, MANIFEST_NOTE, manifestFile, manifestHead, manifestLayer, planSummary,
  type Manifest, type ManifestIo, type PredictedSizes,
} from './bundle/manifest.js';
import type { CompileResult } from './compile.js';
import { bundleStem } from './emit-c/names.js';
import { buildWasmBundle, LOADER_FILES, wasmSections } from './emit-wasm/index.js';
import { backendOf, targetById, type Target } from '../targets/index.js';

export interface WasmCompileOptions {
  /** Target id or definition (default `wasm`); it must take WebAssembly. */
  target?: string | Target;
  /** Bundle and file stem (default: the graph's name, sanitised). */
  name?: string;
  /** Emit the SIMD128 module beside the plain one (default true). */
  simd?: boolean;
}

export async function compileWasm(graph: Graph, options: WasmCompileOptions = {}): Promise<CompileResult> {
  verifyGraph(graph);
  const target = typeof options.target === 'object' ? options.target : targetById(options.target ?? 'wasm');
  if (backendOf(target) !== 'wasm') {
    fail('target/wrong-backend', `target '${target.id}' takes C, not WebAssembly`, { hint: 'compile for it with compile(graph, options)' });
  }
  const stem = bundleStem(options.name ?? graph.name);
  const { bundle, emitted, modelJson } = await buildWasmBundle(graph, { name: stem, simd: options.simd ?? true });
  const modules = emitted.modules.map((m, i) => {
    const s = wasmSections(m.bytes);
    const { file, simd, relaxed } = modelJson.modules[i]!;
    return { file, simd, ...(relaxed ? { relaxed } : {}), bytes: m.bytes.length, codeBytes: s.code, dataBytes: s.data, pages: m.pages };
  });
  // The SIMD module when there is one: what an engine with SIMD128 downloads and runs.
  const main = emitted.modules[0]!;
  const mainSizes = modules[0]!;
  const sizes: PredictedSizes = {
    weightsBytes: main.constantBytes,
    arenaBytes: emitted.plan.arenaBytes,
    codeBytesEstimate: mainSizes.codeBytes,
    flashBytesEstimate: mainSizes.bytes,
    // Kernels keep their locals in wasm locals, not in linear memory: the arena is all the RAM a bundle uses.
    stackBytesEstimate: 0,
    ramBytesEstimate: emitted.plan.arenaBytes,
  };
  const io = (index: number): ManifestIo => {
    const t = graph.tensors[index]!;
    const m: ManifestIo = {
      name: t.name, dtype: t.dtype, shape: t.shape.slice(), elements: elementCount(t.shape), bytes: byteSize(t.dtype, elementCount(t.shape)),
      offset: emitted.layout.tensorAddress[index]!,
    };
    if (t.quant) {
      m.scale = t.quant.scale[0]!;
      m.zeroPoint = t.quant.zeroPoint[0] ?? 0;
    }
    return m;
  };
  const manifest: Manifest = {
    ...manifestHead(graph, target, stem),
    kernels: options.simd === false ? 'portable' : 'target',
    api: { loader: LOADER_FILES[0], types: LOADER_FILES[1], modelJson: 'model.json', modules },
    inputs: graph.inputs.map(io),
    outputs: graph.outputs.map(io),
    plan: planSummary(emitted.plan),
    sizes,
    layers: emitted.plan.order.map((opIndex, layer) => manifestLayer(graph, opIndex, layer, main.functions[layer]!, `${graph.ops[opIndex]!.kind}/${main.simd ? 'wasm-simd128' : 'wasm'}`)),
    kernelFunctions: new Set(main.functions).size,
    files: fileEntries(bundle.files),
    note: MANIFEST_NOTE,
  };
  const files = [...bundle.files, manifestFile(manifest)].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const diagnostics: Diagnostic[] = [];
  return { bundle: { name: stem, target: target.id, files }, plan: emitted.plan, diagnostics, sizes, manifest };
}
