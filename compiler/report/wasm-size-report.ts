/**
 * `ingot report` for a WebAssembly bundle: each module's bytes split into
 * code (the kernels), data (weights and tables) and the rest, read from the
 * module files, beside the sizes the compiler recorded in manifest.json,
 * and the memory the bundle needs. Nothing is predicted here: a wasm module
 * exists once emitted, so the manifest's figures are exact, and the report
 * shows that the files still agree with them.
 */
import type { LoadedBundle } from '../bundle/read.js';
import { isWasmManifest } from '../bundle/manifest.js';
import { PAGE_BYTES } from '../emit-wasm/layout.js';
import { wasmSections } from '../emit-wasm/sections.js';
import { fail } from '../ir/index.js';

export interface WasmModuleSizes {
  file: string;
  simd: boolean;
  /** A SIMD module that needs relaxed SIMD. */
  relaxed: boolean;
  bytes: number;
  code: number;
  data: number;
  other: number;
  /** Linear memory the module declares. */
  memoryBytes: number;
  /** Whether the file's sizes equal those recorded in manifest.json. */
  matchesManifest: boolean;
}

export interface WasmSizeReport {
  bundle: string;
  modules: WasmModuleSizes[];
  arenaBytes: number;
  arenaLowerBound: number;
  weightsBytes: number;
}

export function wasmSizeReport(bundle: LoadedBundle): WasmSizeReport {
  const m = bundle.manifest;
  if (!isWasmManifest(m)) fail('cli/bad-argument', `bundle '${m.name}' is a C bundle`, { hint: 'report it with its target toolchain installed' });
  const modules = m.api.modules.map((recorded): WasmModuleSizes => {
    const file = bundle.files.find((f) => f.path === recorded.file);
    if (!file) fail('bundle/invalid', `bundle '${m.name}' lists module '${recorded.file}' but does not hold it`, { hint: 'recompile the bundle with `ingot compile --target wasm`' });
    const s = wasmSections(file.bytes);
    return {
      file: recorded.file, simd: recorded.simd, relaxed: recorded.relaxed === true, bytes: s.total, code: s.code, data: s.data, other: s.other,
      memoryBytes: recorded.pages * PAGE_BYTES,
      matchesManifest: s.total === recorded.bytes && s.code === recorded.codeBytes && s.data === recorded.dataBytes,
    };
  });
  return { bundle: m.name, modules, arenaBytes: m.plan.arenaBytes, arenaLowerBound: m.plan.lowerBound, weightsBytes: m.sizes.weightsBytes };
}

const n = (x: number): string => x.toLocaleString('en-US');

export function formatWasmSizeReport(r: WasmSizeReport): string {
  const header = ['module', 'bytes', 'code', 'data', 'other', 'memory', 'manifest'];
  const rows = r.modules.map((m) => [
    `${m.file} (${m.relaxed ? 'relaxed SIMD' : m.simd ? 'SIMD128' : 'plain'})`, n(m.bytes), n(m.code), n(m.data), n(m.other), `${n(m.memoryBytes / 1024)} KiB`, m.matchesManifest ? 'same' : 'DIFFERS',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((c) => c[i]!.length)));
  const line = (c: readonly string[]): string => c.map((x, i) => (i === 0 || i === 6 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join('  ').trimEnd();
  return [
    `${r.bundle}: WebAssembly bundle, ${r.modules.length} module${r.modules.length === 1 ? '' : 's'}`,
    '',
    line(header),
    ...rows.map(line),
    '',
    `arena ${n(r.arenaBytes)} B (lower bound ${n(r.arenaLowerBound)} B), weights ${n(r.weightsBytes)} B`,
    'Bytes are read from the module files (code: the kernels; data: weights and tables); "manifest" says whether',
    'they equal the sizes the compiler recorded in manifest.json.',
  ].join('\n');
}
