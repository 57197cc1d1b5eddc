/**
 * manifest.json: what a bundle holds, for people and build systems — the
 * model's inputs and outputs, the memory plan, predicted sizes, the target,
 * the tool version, the layer list and the sha256 of every other file. The
 * manifest cannot list its own hash (hashing it would change it), and says
 * so. It is also how `ingot run` recognises a bundle.
 */
import { createHash } from 'node:crypto';
import type { IoTensor } from '../emit-c/io.js';
import type { MemoryPlan } from '../plan/index.js';
import { fail, type Graph } from '../ir/index.js';
import { OPS } from '../ops/registry.js';
import type { Target } from '../../targets/index.js';
import { TOOL_VERSION } from '../version.js';
import type { KernelSelection } from '../emit-c/kernels/select.js';
import type { BundleFile } from './types.js';

export const MANIFEST_PATH = 'manifest.json';

/** Which kernels a bundle was compiled with. */
/** Which kernels a bundle was compiled with (compile()'s `kernels` option). */
export type KernelSet = KernelSelection;
export const MANIFEST_FORMAT = 'ingot-bundle';

export interface PredictedSizes {
  /** Constant arrays (weights and derived tables), exact. */
  weightsBytes: number;
  /** The arena, exact. */
  arenaBytes: number;
  /** Generated code and its constant tables (the target's code-size model over the generated C, tables exact). */
  codeBytesEstimate: number;
  /** Flash: code estimate plus weights. */
  flashBytesEstimate: number;
  /** Stack `<model>_invoke` needs (the target's figure). */
  stackBytesEstimate: number;
  /** RAM: arena plus stack estimate (bundles have no other static data). */
  ramBytesEstimate: number;
}

export interface ManifestIo {
  name: string;
  dtype: string;
  shape: number[];
  elements: number;
  bytes: number;
  scale?: number;
  zeroPoint?: number;
  /** C bundles: the C function returning where this tensor lives in the arena. */
  pointer?: string;
  /** WebAssembly bundles: the tensor's byte address in the module's memory. */
  offset?: number;
}

/** How a C bundle is called. */
export interface ManifestCApi {
  header: string;
  run: string;
  invoke: string;
  staticArenaMacro: string;
  example?: string;
}

/** How a WebAssembly bundle is loaded: the loader, its types, the model description and its modules (SIMD, plain, and relaxed SIMD where a kernel uses it). */
export interface ManifestWasmApi {
  loader: string;
  types: string;
  modelJson: string;
  modules: Array<{ file: string; simd: boolean; relaxed?: boolean; bytes: number; codeBytes: number; dataBytes: number; pages: number }>;
}

export interface ManifestLayer {
  layer: number;
  op: number;
  kind: string;
  source?: string;
  name: string;
  function: string;
  /** Multiply-accumulates of one inference of this layer (the op's cost). */
  macs: number;
  /** The kernel chosen for this layer: `<kind>/<family>` (`conv2d/dsp`, `conv2d/portable`, …). */
  kernel: string;
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  formatVersion: 1;
  tool: { name: 'ingot'; version: string };
  name: string;
  model: { name: string; source: string };
  target: { id: string; architecture: string; cpu: string; alignment: number; hosted: boolean };
  /** `target`: kernels specialised for the target where it has them; `portable`: the portable kernels only. */
  kernels: KernelSet;
  api: ManifestCApi | ManifestWasmApi;
  inputs: ManifestIo[];
  outputs: ManifestIo[];
  plan: {
    arenaBytes: number;
    lowerBound: number;
    naiveBytes: number;
    alignment: number;
    strategy: string;
    order: number[];
    buffers: Array<{ offset: number; bytes: number; firstStep: number; lastStep: number; tensors: number[]; scratchFor?: number }>;
  };
  sizes: PredictedSizes;
  layers: ManifestLayer[];
  kernelFunctions: number;
  files: Array<{ path: string; bytes: number; sha256: string }>;
  note: string;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** True for the manifest of a WebAssembly bundle. */
export function isWasmManifest(m: Manifest): m is Manifest & { api: ManifestWasmApi } {
  return 'loader' in m.api;
}

export function manifestIo(io: IoTensor, stem: string): ManifestIo {
  const m: ManifestIo = { name: io.name, dtype: io.dtype, shape: io.shape, elements: io.count, bytes: io.bytes, pointer: `${stem}_${io.role}${io.position}` };
  if (io.scale !== undefined) {
    m.scale = io.scale;
    m.zeroPoint = io.zeroPoint ?? 0;
  }
  return m;
}

export function planSummary(plan: MemoryPlan): Manifest['plan'] {
  return {
    arenaBytes: plan.arenaBytes,
    lowerBound: plan.lowerBound,
    naiveBytes: plan.naiveBytes,
    alignment: plan.alignment,
    strategy: plan.strategy,
    order: plan.order,
    buffers: plan.buffers.map((b) => ({
      offset: b.offset, bytes: b.bytes, firstStep: b.firstStep, lastStep: b.lastStep, tensors: b.tensors,
      ...(b.scratchFor !== undefined ? { scratchFor: b.scratchFor } : {}),
    })),
  };
}

/** The manifest's file list: every other file with its size and sha256, sorted by path. */
export function fileEntries(files: readonly BundleFile[]): Manifest['files'] {
  return files
    .filter((f) => f.path !== MANIFEST_PATH)
    .map((f) => ({ path: f.path, bytes: f.bytes.length, sha256: sha256(f.bytes) }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export const MANIFEST_NOTE = 'files lists the sha256 of every file in the bundle except manifest.json itself, which cannot contain its own hash';

export function toolInfo(): Manifest['tool'] {
  return { name: 'ingot', version: TOOL_VERSION };
}

/** The fields every manifest opens with, whichever backend wrote the bundle. */
export function manifestHead(graph: Graph, target: Target, stem: string): Pick<Manifest, 'format' | 'formatVersion' | 'tool' | 'name' | 'model' | 'target'> {
  return {
    format: MANIFEST_FORMAT,
    formatVersion: 1,
    tool: toolInfo(),
    name: stem,
    model: { name: graph.name, source: graph.source },
    target: { id: target.id, architecture: target.architecture, cpu: target.cpu, alignment: target.alignment, hosted: target.hosted },
  };
}

/** The manifest's record of layer `layer`, which runs op `opIndex` through kernel function `fn`, kernel `kernel`. */
export function manifestLayer(graph: Graph, opIndex: number, layer: number, fn: string, kernel: string): ManifestLayer {
  const op = graph.ops[opIndex]!;
  const macs = OPS[op.kind].cost(op as never, graph).macs;
  return { layer, op: opIndex, kind: op.kind, ...(op.source ? { source: op.source } : {}), name: op.name, function: fn, macs, kernel };
}

/** The manifest as a bundle file (stable key order, two-space indent, final newline). */
export function manifestFile(m: Manifest): BundleFile {
  return { path: MANIFEST_PATH, bytes: new TextEncoder().encode(JSON.stringify(m, null, 2) + '\n') };
}

/** Parses and sanity-checks a manifest; undefined when the text is not an Ingot bundle manifest. */
export function parseManifest(text: string): Manifest | undefined {
  try {
    const m = JSON.parse(text) as Partial<Manifest>;
    if (m.format !== MANIFEST_FORMAT || !Array.isArray(m.inputs) || !Array.isArray(m.outputs) || !Array.isArray(m.files) || typeof m.name !== 'string') return undefined;
    return m as Manifest;
  } catch {
    return undefined;
  }
}

/** The manifest among a bundle's files, or a `bundle/invalid` diagnostic. */
export function manifestFromFiles(files: readonly BundleFile[]): Manifest {
  const f = files.find((x) => x.path === MANIFEST_PATH);
  const m = f && parseManifest(new TextDecoder().decode(f.bytes));
  if (!m) fail('bundle/invalid', 'the bundle has no Ingot manifest.json');
  return m;
}
