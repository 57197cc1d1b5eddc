/**
 * Running a device bundle on arrays: `ingot run BUNDLE` for a bundle whose
 * target does not run here directly. The bundle's example program is built
 * with its own Makefile and the target's cross compiler (cached), the
 * inputs go in as raw little-endian bytes, and the program runs under the
 * target's QEMU test board; the outputs come back as arrays shaped as the
 * manifest says. Inputs are checked exactly as for host bundles; a stream
 * (`stream`) runs its frames in order from one reset.
 */
import { targetById, type Target } from '../../targets/index.js';
import type { LoadedBundle } from '../bundle/read.js';
import { checkRunInputs } from '../exec/stream.js';
import { bytesOf, dataFromBytes, fail, type DType } from '../ir/index.js';
import type { NpyArray } from '../io/npy.js';
import { buildBundleExample, runExample, type ExampleReport } from './example-run.js';

export interface DeviceRunOptions {
  cacheDir: string;
  timeoutMs?: number;
  /** The inputs hold frames stacked on a first axis, run in order from one reset; the outputs come back stacked. */
  stream?: boolean;
}

export interface DeviceRunResult {
  outputs: NpyArray[];
  report: ExampleReport;
  target: Target;
}

/** The bundle's target, when it is one whose examples run on a test board here. */
export function deviceTargetOf(bundle: LoadedBundle): Target {
  const target = targetById(bundle.manifest.target.id);
  if (target.hosted || target.board === undefined) {
    fail('bundle/not-runnable', `bundle '${bundle.manifest.name}' is for target '${target.id}', which has no emulated test board`);
  }
  if (!bundle.files.some((f) => f.path === 'example/main.c')) {
    fail('bundle/invalid', `bundle '${bundle.manifest.name}' has no example program`, { hint: 'regenerate it with `ingot compile`' });
  }
  return target;
}

export async function runDeviceBundle(bundle: LoadedBundle, inputs: readonly NpyArray[], opts: DeviceRunOptions): Promise<DeviceRunResult> {
  const m = bundle.manifest;
  const target = deviceTargetOf(bundle);
  const specs = m.inputs.map((i) => ({ name: i.name, dtype: i.dtype as DType, shape: i.shape }));
  // A stream's frames go in back to back, as the example program reads several inferences.
  const frames = checkRunInputs(specs, inputs, opts.stream ?? false);
  const elf = await buildBundleExample(m.name, bundle.files, target, { cacheDir: opts.cacheDir });
  const run = await runExample(target.board!, elf, inputs.map((a) => bytesOf(a.data)), m.outputs.length, opts.timeoutMs, opts.stream);
  const outputs = m.outputs.map((o, i): NpyArray => {
    const bytes = run.outputs[i]!;
    if (bytes.length !== o.bytes * frames) fail('run/failed', `the example program wrote ${bytes.length} bytes for output ${i} '${o.name}'; it has ${o.bytes * frames}`);
    return { dtype: o.dtype as DType, shape: opts.stream ? [frames, ...o.shape] : o.shape, data: dataFromBytes(o.dtype as DType, bytes) };
  });
  return { outputs, report: run.report, target };
}
