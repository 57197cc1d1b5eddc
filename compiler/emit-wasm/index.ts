/**
 * The WebAssembly backend's entry points.
 *
 * `emitWasmBundle` turns a graph into a wasm bundle in memory: the SIMD128
 * module, the plain module, a relaxed-SIMD module where some kernel gains
 * from it (the loader takes it where the engine has relaxed SIMD), the
 * loader (ingot-loader.js and its .d.ts, the compiled runtime-wasm), the
 * model.json the loader reads, and a README with a usage snippet. `openWasmBundle` / `runWasmBundle` run such a bundle in
 * Node through that same loader, for tests and `ingot run`.
 */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dataFromBytes, elementCount, fail, formatShape, type Graph, type TensorData } from '../ir/index.js';
import type { Bundle, BundleFile } from '../bundle/types.js';
import type { RunInput } from '../exec/reference.js';
import { TOOL_VERSION } from '../version.js';
import { IngotLoadError, loadBundle, type IngotModel, type ModelJson, type TensorSpec } from '../../runtime-wasm/ingot-loader.js';
import { emitWasmModules, type EmittedModules } from './emit.js';
import { ARENA_BASE } from './layout.js';
import { usageReadme } from './readme.js';

export { wasmSections } from './sections.js';

export interface WasmBundleOptions {
  /** Bundle and file stem (letters, digits, `_`, `-`, `.`). */
  name: string;
  /** Emit the SIMD128 module (default true); the plain module is always emitted. */
  simd?: boolean;
  /** With SIMD, also the relaxed-SIMD module where some kernel uses it (default true). */
  relaxed?: boolean;
  /** Run binaryen's optimizer (default true). */
  optimize?: boolean;
}

/** File names of the modules in a bundle called `name`. */
export const moduleFile = (name: string, simd: boolean, relaxed = false): string =>
  (relaxed ? `${name}.relaxed.wasm` : simd ? `${name}.wasm` : `${name}.nosimd.wasm`);

export const LOADER_FILES = ['ingot-loader.js', 'ingot-loader.d.ts'] as const;

/** A wasm bundle with what went into it: the memory plan, the layout and each module's figures. */
export interface WasmBundleBuild {
  bundle: Bundle;
  emitted: EmittedModules;
  modelJson: ModelJson;
}

export async function emitWasmBundle(graph: Graph, options: WasmBundleOptions): Promise<Bundle> {
  return (await buildWasmBundle(graph, options)).bundle;
}

/** `emitWasmBundle`, also returning the plan and the modules' figures (for manifests and reports). */
export async function buildWasmBundle(graph: Graph, options: WasmBundleOptions): Promise<WasmBundleBuild> {
  const name = options.name;
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) {
    fail('cli/bad-argument', `bundle name '${name}' may only hold letters, digits, '_', '-' and '.'`, { hint: 'pick a simpler --name' });
  }
  const builds = options.simd === false ? [false] : [true, false];
  const emitted = await emitWasmModules(graph, { builds, relaxed: options.relaxed ?? true, optimize: options.optimize ?? true });
  const modelJson = describeModel(graph, name, emitted);
  const text = (s: string): Uint8Array => new TextEncoder().encode(s);
  const files: BundleFile[] = [
    ...emitted.modules.map((m) => ({ path: moduleFile(name, m.simd, m.relaxed), bytes: m.bytes })),
    { path: 'model.json', bytes: text(JSON.stringify(modelJson, null, 2) + '\n') },
    ...LOADER_FILES.map((file) => ({ path: file, bytes: loaderFile(file) })),
    { path: 'README.md', bytes: text(usageReadme(modelJson)) },
  ];
  return { bundle: { name, target: 'wasm', files }, emitted, modelJson };
}

function describeModel(g: Graph, name: string, e: EmittedModules): ModelJson {
  const spec = (index: number): TensorSpec => {
    const t = g.tensors[index]!;
    const offset = e.layout.tensorAddress[index];
    if (offset === undefined) fail('backend/unsupported-op', `model input/output '${t.name}' is a constant; a wasm bundle needs it in the arena`, { tensor: t.name });
    return {
      name: t.name, dtype: t.dtype as TensorSpec['dtype'], shape: t.shape.slice(), offset,
      bytes: elementCount(t.shape) * bytesPerElement(t.dtype),
      scale: t.quant?.scale.slice() ?? [], zeroPoint: t.quant?.zeroPoint.slice() ?? [],
    };
  };
  return {
    format: 'ingot-wasm',
    formatVersion: 1,
    name,
    generator: `ingot ${TOOL_VERSION}`,
    inputs: g.inputs.map(spec),
    outputs: g.outputs.map(spec),
    arena: { offset: ARENA_BASE, bytes: e.layout.arenaBytes },
    modules: e.modules.map((m) => ({
      file: moduleFile(name, m.simd, m.relaxed), simd: m.simd, ...(m.relaxed ? { relaxed: true } : {}), bytes: m.bytes.length,
      sha256: createHash('sha256').update(m.bytes).digest('hex'), pages: m.pages,
    })),
  };
}

function bytesPerElement(dtype: string): number {
  return dtype === 'f32' || dtype === 'i32' ? 4 : dtype === 'i64' ? 8 : dtype === 'i16' ? 2 : 1;
}

/** A loader file from the compiled runtime-wasm, without its source-map comment. */
function loaderFile(file: string): Uint8Array {
  const url = new URL(`../../runtime-wasm/${file}`, import.meta.url);
  const text = readFileSync(url, 'utf8').replace(/\n\/\/# sourceMappingURL=.*\n?$/, '\n');
  return new TextEncoder().encode(text);
}

export interface RunWasmOptions {
  /** Which module to run: the SIMD one (default) or the plain one. */
  simd?: boolean;
  /** With SIMD, the relaxed-SIMD module: where the engine has it (default), always, or never. */
  relaxed?: boolean | 'auto';
}

/** A wasm bundle instantiated once in this process, run as often as needed. */
export interface WasmRunner {
  readonly simd: boolean;
  readonly relaxed: boolean;
  /** Checks the inputs against model.json, runs once, returns copies of the outputs. */
  run(inputs: ReadonlyArray<RunInput>): TensorData[];
}

/**
 * Instantiates a wasm bundle in Node with the bundle's own loader (which
 * checks each module's size and SHA-256 against model.json first).
 */
export async function openWasmBundle(bundle: Bundle | BundleFile[], opts: RunWasmOptions = {}): Promise<WasmRunner> {
  const list = Array.isArray(bundle) ? bundle : bundle.files;
  const files = Object.fromEntries(list.map((f) => [f.path, f.bytes]));
  let model: IngotModel;
  try {
    model = await loadBundle({ files }, { simd: opts.simd ?? true, relaxed: opts.relaxed ?? 'auto' });
  } catch (e) {
    if (e instanceof IngotLoadError) fail('bundle/invalid', e.message, { hint: 'recompile the bundle with `ingot compile --target wasm`' });
    throw e;
  }
  return {
    simd: model.simd,
    relaxed: model.relaxed,
    run(inputs) {
      if (inputs.length !== model.inputs.length) fail('input/count', `the model takes ${model.inputs.length} input(s), ${inputs.length} given`);
      inputs.forEach((input, k) => {
        const spec = model.inputs[k]!;
        if (input.dtype !== spec.dtype) fail('input/dtype', `input ${k} '${spec.name}' is ${spec.dtype}, the given array is ${input.dtype}`, { tensor: spec.name });
        if (elementCount(input.shape) !== elementCount(spec.shape)) {
          fail('input/shape', `input ${k} '${spec.name}' has shape ${formatShape(spec.shape)}, the given array has ${formatShape(input.shape)}`, { tensor: spec.name });
        }
        new Uint8Array(model.input(k).buffer, spec.offset, spec.bytes).set(new Uint8Array(input.data.buffer, input.data.byteOffset, spec.bytes));
      });
      model.run();
      return model.outputs.map((spec) => dataFromBytes(spec.dtype, new Uint8Array(model.output(spec.name).buffer, spec.offset, spec.bytes)));
    },
  };
}

/** Runs a wasm bundle once in Node (see `openWasmBundle`). */
export async function runWasmBundle(bundle: Bundle | BundleFile[], inputs: ReadonlyArray<RunInput>, opts: RunWasmOptions = {}): Promise<TensorData[]> {
  return (await openWasmBundle(bundle, opts)).run(inputs);
}
