/**
 * `ingot bench MODEL_OR_BUNDLE --target T`: instructions per inference and
 * per layer, MACs per instruction and stack high-water of a bundle on the
 * target's QEMU measuring board. A model is compiled first (for the
 * target, `--portable` for the portable kernels); a bundle is measured for
 * the target it was compiled for. Inputs are zeros unless given.
 *
 * For the WebAssembly target the figures are times in this Node process:
 * the latency of one inference, and per layer for a model (see
 * report/wasm-bench.ts); `--no-simd` times the plain module.
 */
import type { Argv } from 'yargs';
import { isWasmManifest } from '../../bundle/manifest.js';
import { loadBundle, type LoadedBundle } from '../../bundle/read.js';
import { compile } from '../../compile.js';
import { benchBundle } from '../../device/bench.js';
import { fitsBoard, measuringBoard } from '../../device/example-run.js';
import { checkInputs } from '../../exec/inputs.js';
import { bytesOf, fail, type DType } from '../../ir/index.js';
import { formatBench } from '../../report/format-bench.js';
import { formatWasmBench } from '../../report/format-wasm-bench.js';
import { benchWasmBundle, benchWasmGraph, type WasmBenchResult } from '../../report/wasm-bench.js';
import { requireBackendKinds, runPipeline } from '../../passes/pipeline.js';
import type { NpyArray } from '../../io/npy.js';
import { backendOf, targetById } from '../../../targets/index.js';
import type { BundleFile } from '../../bundle/types.js';
import type { Manifest } from '../../bundle/manifest.js';
import { cacheDir, importModelFile, readNpyFile } from '../files.js';
import { KERNEL_OPTIONS, kernelSelection } from '../kernel-options.js';

interface BenchArgs {
  model: string;
  target?: string;
  portable: boolean;
  speed: boolean;
  input: string[];
  json: boolean;
  simd: boolean;
}

/** Checks .npy inputs against the inputs a bundle or model declares. */
function checkedInputs(args: BenchArgs, declared: ReadonlyArray<{ name: string; dtype: string; shape: number[] }>): NpyArray[] | undefined {
  if (args.input.length === 0) return undefined;
  const arrays = args.input.map(readNpyFile);
  checkInputs(declared.map((i) => ({ name: i.name, dtype: i.dtype as DType, shape: i.shape })), arrays);
  return arrays;
}

/** The WebAssembly bench: a wasm bundle through its loader, or a model emitted with per-layer exports. */
async function benchWasm(args: BenchArgs, loaded: LoadedBundle | undefined): Promise<WasmBenchResult> {
  const runtime = `Node ${process.versions.node}`;
  if (loaded) return benchWasmBundle(loaded.files, loaded.manifest, { simd: args.simd, runtime, ...optional(checkedInputs(args, loaded.manifest.inputs)) });
  const graph = runPipeline(importModelFile(args.model));
  requireBackendKinds(graph);
  const declared = graph.inputs.map((i) => graph.tensors[i]!);
  return benchWasmGraph(graph, { simd: args.simd, runtime, ...optional(checkedInputs(args, declared)) });
}

const optional = (inputs: NpyArray[] | undefined): { inputs?: NpyArray[] } => (inputs ? { inputs } : {});

function bundleFor(args: BenchArgs, loaded: LoadedBundle | undefined): { files: readonly BundleFile[]; manifest: Manifest } {
  if (loaded) return loaded;
  if (args.target === undefined) fail('cli/bad-argument', 'benchmarking a model needs --target', { hint: "name a target, e.g. --target cortex-m4 or --target wasm (see 'ingot targets')" });
  const graph = importModelFile(args.model);
  // The QEMU boards are larger than typical parts: whether it fits the board is checked below.
  const result = compile(graph, { target: args.target, kernels: kernelSelection(args), allowOversize: true });
  const board = measuringBoard(targetById(args.target));
  if (board && !fitsBoard(result.sizes, board)) {
    fail('size/over-ram', `the bundle (flash ~${result.sizes.flashBytesEstimate} B, arena ${result.sizes.arenaBytes} B) does not fit ${board.description}`, { hint: 'benchmark a smaller model on this target' });
  }
  return { files: result.bundle.files, manifest: result.manifest };
}

export function benchCommand(y: Argv): Argv {
  return y.command<BenchArgs>(
    'bench <model>',
    'Count instructions per inference and per layer under the target\'s QEMU board (WebAssembly: time them in Node)',
    (a) =>
      a
        .positional('model', { type: 'string', describe: 'a .tflite or .onnx model, or a bundle from `ingot compile`', demandOption: true })
        .option('target', { alias: 't', type: 'string', describe: "device target (for a model; see 'ingot targets')" })
        .options(KERNEL_OPTIONS)
        .option('input', { alias: 'i', type: 'string', array: true, default: [], describe: 'input .npy files, one per model input (default: zeros)' })
        .option('json', { type: 'boolean', default: false, describe: 'print JSON' })
        .option('simd', { type: 'boolean', default: true, describe: 'WebAssembly: time the SIMD128 module (--no-simd: the plain one)' })
        .example('$0 bench kws_ref_model.tflite --target cortex-m4', 'instructions per layer on a Cortex-M4')
        .example('$0 bench out/kws_m55', 'a bundle, on the target it was compiled for')
        .example('$0 bench person_detect.tflite --target wasm', 'latency per inference and per layer as WebAssembly in Node') as unknown as Argv<BenchArgs>,
    async (args) => {
      const loaded = await loadBundle(args.model);
      if (loaded && args.target !== undefined && args.target !== loaded.manifest.target.id) {
        fail('cli/bad-argument', `bundle '${loaded.manifest.name}' was compiled for '${loaded.manifest.target.id}', not '${args.target}'`, { hint: 'recompile the model for that target, or leave out --target' });
      }
      const wasm = loaded ? isWasmManifest(loaded.manifest) : args.target !== undefined && backendOf(targetById(args.target)) === 'wasm';
      if (wasm) {
        const result = await benchWasm(args, loaded);
        process.stdout.write((args.json ? JSON.stringify(result, null, 2) : formatWasmBench(result)) + '\n');
        return;
      }
      const { files, manifest } = bundleFor(args, loaded);
      const target = targetById(manifest.target.id);
      const inputs = checkedInputs(args, manifest.inputs)?.map((a) => bytesOf(a.data));
      const result = await benchBundle(files, target, { cacheDir: cacheDir(), ...(inputs ? { inputs } : {}) });
      process.stdout.write((args.json ? JSON.stringify(result, null, 2) : formatBench(result)) + '\n');
    },
  );
}
