/**
 * `ingot run MODEL|BUNDLE --input a.npy … --output out.npy …`.
 *
 * With a model: runs the reference executor on the graph as compiled (after
 * the pass pipeline) and writes .npy outputs (all computed before any file is
 * written). With a C bundle (a folder or .tar holding an Ingot manifest):
 * builds it with its own Makefile in the build cache (once per bundle
 * content) and runs its example program on the same files — natively for
 * host bundles, under the target's QEMU test board for device bundles
 * (printing the board's instruction count and stack high-water). With a
 * WebAssembly bundle: instantiates its module in this process through the
 * bundle's own loader (the SIMD module unless --no-simd). All check the
 * inputs the same way before running anything. `--stream`: each input holds
 * frames stacked on a first axis, run in order from one reset (a stateful
 * model's state carries over), the outputs stacked the same way.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { buildHostBundle } from '../../bundle/host-build.js';
import { runHostExample } from '../../bundle/host-run.js';
import { isWasmManifest } from '../../bundle/manifest.js';
import { runDeviceBundle } from '../../device/bundle-run.js';
import { loadBundle, type LoadedBundle } from '../../bundle/read.js';
import { checkRunInputs, frameOf, stackFrames } from '../../exec/stream.js';
import { ReferenceExecutor } from '../../exec/reference.js';
import { fail, type DType, type TensorData } from '../../ir/index.js';
import { parseNpy, serializeNpy } from '../../io/npy.js';
import { runPipeline } from '../../passes/pipeline.js';
import { cacheDir, importModelFile, readInputFile, readNpyFile, writeFileAtomic } from '../files.js';
import { uncompressedOutput } from '../output-name.js';
import { INPUT_SHAPE_OPTION } from '../input-shape.js';

interface RunArgs {
  model: string;
  input: string[];
  output: string[];
  inputShape: Record<string, number[]>;
  simd: boolean;
  stream: boolean;
}


function checkCounts(inputs: number, outputs: number, args: RunArgs): void {
  if (args.input.length !== inputs) {
    fail('input/count', `the model takes ${inputs} input(s); ${args.input.length} --input given`, { hint: 'pass one --input FILE.npy per model input, in order' });
  }
  if (args.output.length !== outputs) {
    fail('cli/bad-argument', `the model has ${outputs} output(s); ${args.output.length} --output given`, { hint: 'pass one --output FILE.npy per model output, in order' });
  }
}

/** Runs a WebAssembly bundle in this process; outputs are written only after the run succeeded. */
async function runWasm(bundle: LoadedBundle, args: RunArgs): Promise<void> {
  const m = bundle.manifest;
  checkCounts(m.inputs.length, m.outputs.length, args);
  const arrays = args.input.map(readNpyFile);
  const frames = checkRunInputs(m.inputs.map((i) => ({ name: i.name, dtype: i.dtype as DType, shape: i.shape })), arrays, args.stream);
  // Loaded on demand: the wasm loader pulls in binaryen, which host and device runs never need.
  const { openWasmBundle } = await import('../../emit-wasm/index.js');
  // A fresh instance starts from the reset state; a stream's frames then share it.
  const runner = await openWasmBundle(bundle.files, { simd: args.simd });
  const results = Array.from({ length: frames }, (_, f) => runner.run(arrays.map((x) => frameOf(x, f, frames))));
  m.outputs.forEach((spec, k) => writeOutput(args, k, spec.dtype as DType, spec.shape, results.map((r) => r[k]!)));
}

/** Writes output k: the one inference's array, or (--stream) the frames stacked. */
function writeOutput(args: RunArgs, k: number, dtype: DType, shape: readonly number[], frames: readonly TensorData[]): void {
  const array = args.stream ? stackFrames(dtype, shape, frames) : { dtype, shape: shape.slice(), data: frames[0]! };
  writeFileAtomic(args.output[k]!, serializeNpy(array));
}

async function runDevice(bundle: LoadedBundle, args: RunArgs): Promise<void> {
  const m = bundle.manifest;
  checkCounts(m.inputs.length, m.outputs.length, args);
  const { outputs, report, target } = await runDeviceBundle(bundle, args.input.map(readNpyFile), { cacheDir: cacheDir(), stream: args.stream });
  outputs.forEach((o, k) => writeFileAtomic(args.output[k]!, serializeNpy(o)));
  const counted = report.instructions > 0 ? `${report.instructions} instructions per inference, ` : '';
  const stack = report.stackBytes > 0 ? `stack high-water ${report.stackBytes} B (${report.invokeStackBytes} B in the model)` : 'no stack measurement on this board';
  process.stderr.write(`${target.id} on ${target.board!.description}: ${counted}${stack}\n`);
}

async function runBundle(bundle: LoadedBundle, args: RunArgs): Promise<void> {
  const m = bundle.manifest;
  if (isWasmManifest(m)) return runWasm(bundle, args);
  if (!m.target.hosted) return runDevice(bundle, args);
  checkCounts(m.inputs.length, m.outputs.length, args);
  const inputs = args.input.map((path) => ({ path, bytes: readInputFile(path, 'input array') }));
  checkRunInputs(m.inputs.map((i) => ({ name: i.name, dtype: i.dtype as DType, shape: i.shape })), inputs.map((f) => parseNpy(f.bytes, f.path)), args.stream);
  const build = await buildHostBundle(m.name, bundle.files, { cacheDir: cacheDir() });
  // The example program reads the arrays just checked, as plain .npy files (an input may have been gzip-compressed).
  const folder = mkdtempSync(join(tmpdir(), 'ingot-run-'));
  try {
    const paths = inputs.map((f, k) => {
      const copy = join(folder, `input${k}.npy`);
      writeFileSync(copy, f.bytes);
      return copy;
    });
    await runHostExample(build, paths, args.output, { stream: args.stream });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function runModel(args: RunArgs): void {
  const graph = runPipeline(importModelFile(args.model, { inputShapes: args.inputShape }));
  // Prepare every op first: an unsupported model fails before any input is read.
  const executor = new ReferenceExecutor(graph);
  checkCounts(graph.inputs.length, graph.outputs.length, args);
  const arrays = args.input.map(readNpyFile);
  const frames = checkRunInputs(graph.inputs.map((i) => ({ name: graph.tensors[i]!.name, dtype: graph.tensors[i]!.dtype, shape: graph.tensors[i]!.shape })), arrays, args.stream);
  // All frames are computed before any file is written.
  const results = Array.from({ length: frames }, (_, f) => executor.run(arrays.map((x) => frameOf(x, f, frames))));
  graph.outputs.forEach((idx, k) => {
    const t = graph.tensors[idx]!;
    writeOutput(args, k, t.dtype, t.shape, results.map((r) => r[k]!));
  });
}

export function runCommand(y: Argv): Argv {
  return y.command<RunArgs>(
    'run <model>',
    'Run a model (reference executor), a C bundle (natively, or under its target\'s QEMU board) or a WebAssembly bundle on .npy inputs and write .npy outputs',
    (a) =>
      a
        .positional('model', { type: 'string', describe: 'a .tflite or .onnx model, or a bundle folder or .tar from `ingot compile`', demandOption: true })
        .option('input', { alias: 'i', type: 'string', array: true, default: [], describe: 'an input .npy, one per model input, in order' })
        .option('output', { alias: 'o', type: 'string', array: true, default: [], describe: 'where to write each output .npy, in order', coerce: uncompressedOutput('-o', 'NAME.npy') })
        .option('input-shape', INPUT_SHAPE_OPTION)
        .option('simd', { type: 'boolean', default: true, describe: 'WebAssembly bundles: run the SIMD128 module (--no-simd: the plain one)' })
        .option('stream', { type: 'boolean', default: false, describe: 'each input holds frames stacked on a first axis: run them in order from one reset (state carries over), stack the outputs' })
        .example('$0 run model.tflite -i x.npy -o y.npy', 'run the reference executor')
        .example('$0 run out/model.tar -i x.npy -o y.npy', 'build (cached) and run a C bundle')
        .example('$0 run web/model -i x.npy -o y.npy --no-simd', 'run a WebAssembly bundle\'s plain module in Node')
        .example('$0 run out/kws_m4 -i x.npy -o y.npy', 'a cortex-m4 bundle runs under qemu-system-arm')
        .example('$0 run out/frontend -i frames.npy -o features.npy --stream', 'frames through a stateful bundle (an audio front end) in order') as unknown as Argv<RunArgs>,
    async (args) => {
      const bundle = await loadBundle(args.model);
      if (bundle) await runBundle(bundle, args);
      else runModel(args);
    },
  );
}
