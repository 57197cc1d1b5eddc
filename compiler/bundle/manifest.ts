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
import { TOOL_VERSION } from '../version.js';
import type { BundleFile } from './types.js';

export const MANIFEST_PATH = 'manifest.json';
export const MANIFEST_FORMAT = 'ingot-bundle';

export interface PredictedSizes {
  /** Constant arrays (weights and derived tables), exact. */
  weightsBytes: number;
  /** The arena, exact. */
  arenaBytes: number;
  /** Generated code and runtime (per-function estimate from the target's cost model, plus the exact constant tables). */
  codeBytesEstimate: number;
  /** Code estimate plus weights. */
  flashBytesEstimate: number;
}

export interface ManifestIo {
  name: string;
  dtype: string;
  shape: number[];
  elements: number;
  bytes: number;
  scale?: number;
  zeroPoint?: number;
  /** The C function returning where this tensor lives in the arena. */
  pointer: string;
}

export interface ManifestLayer {
  layer: number;
  op: number;
  kind: string;
  source?: string;
  name: string;
  function: string;
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
  api: { header: string; run: string; invoke: string; staticArenaMacro: string; example?: string };
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
