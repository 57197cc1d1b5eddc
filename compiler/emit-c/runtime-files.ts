/**
 * The C files a bundle copies from the package: the runtime headers
 * (runtime-c/*.h: types, TFLite fixed point, ONNX float requantization,
 * sub-byte unpacking) and the example program's .npy helpers (runtime-c/host).
 * They are read once from the installed package, found by walking up from
 * this module to the folder holding package.json (the same from the
 * TypeScript sources and from the compiled dist/ tree).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RuntimeFile {
  /** Path inside the bundle. */
  path: string;
  text: string;
}

const FILES: ReadonlyArray<[from: string, to: string]> = [
  ['runtime-c/ingot_runtime.h', 'runtime/ingot_runtime.h'],
  ['runtime-c/ingot_fixed_point.h', 'runtime/ingot_fixed_point.h'],
  ['runtime-c/ingot_onnx.h', 'runtime/ingot_onnx.h'],
  ['runtime-c/ingot_packed.h', 'runtime/ingot_packed.h'],
  ['runtime-c/host/ingot_npy.h', 'example/ingot_npy.h'],
  ['runtime-c/host/ingot_npy.c', 'example/ingot_npy.c'],
];

/** Runtime headers shipped only in bundles whose kernels include them (the target kernels' intrinsics). */
const OPTIONAL_HEADERS: readonly string[] = ['ingot_arm_dsp.h', 'ingot_arm_mve.h', 'ingot_neon.h', 'ingot_int16_act.h', 'ingot_signal.h'];

let cache: RuntimeFile[] | undefined;
const optionalCache = new Map<string, RuntimeFile>();

/** The folder holding the package's package.json. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('the Ingot package root (package.json) was not found');
    dir = up;
  }
  return dir;
}

/** The runtime and example helper files, in bundle paths. */
export function runtimeFiles(): RuntimeFile[] {
  if (cache === undefined) {
    const root = packageRoot();
    cache = FILES.map(([from, to]) => ({ path: to, text: readFileSync(join(root, from), 'utf8') }));
  }
  return cache;
}

/** An optional runtime header (`runtime/<name>`), for bundles whose kernels include it. */
export function optionalRuntimeFile(name: string): RuntimeFile {
  if (!OPTIONAL_HEADERS.includes(name)) throw new Error(`'${name}' is not an optional runtime header`);
  let f = optionalCache.get(name);
  if (f === undefined) {
    f = { path: `runtime/${name}`, text: readFileSync(join(packageRoot(), 'runtime-c', name), 'utf8') };
    optionalCache.set(name, f);
  }
  return f;
}
