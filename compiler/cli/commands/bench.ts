/**
 * `ingot bench MODEL_OR_BUNDLE --target T`: instructions per inference and
 * per layer, MACs per instruction and stack high-water of a bundle on the
 * target's QEMU measuring board. A model is compiled first (for the
 * target, `--portable` for the portable kernels); a bundle is measured for
 * the target it was compiled for. Inputs are zeros unless given.
 */
import type { Argv } from 'yargs';
import { loadBundle } from '../../bundle/read.js';
import { compile } from '../../compile.js';
import { benchBundle } from '../../device/bench.js';
import { fitsBoard, measuringBoard } from '../../device/example-run.js';
import { checkInputs } from '../../exec/inputs.js';
import { importModel } from '../../import/index.js';
import { bytesOf, fail, type DType } from '../../ir/index.js';
import { formatBench } from '../../report/format-bench.js';
import { targetById } from '../../../targets/index.js';
import type { BundleFile } from '../../bundle/types.js';
import type { Manifest } from '../../bundle/manifest.js';
import { cacheDir, modelNameOf, readInputFile, readNpyFile } from '../files.js';

interface BenchArgs {
  model: string;
  target?: string;
  portable: boolean;
  input: string[];
  json: boolean;
}

async function bundleFor(args: BenchArgs): Promise<{ files: readonly BundleFile[]; manifest: Manifest }> {
  const loaded = await loadBundle(args.model);
  if (loaded) {
    if (args.target !== undefined && args.target !== loaded.manifest.target.id) {
      fail('cli/bad-argument', `bundle '${loaded.manifest.name}' was compiled for '${loaded.manifest.target.id}', not '${args.target}'`, { hint: 'recompile the model for that target, or leave out --target' });
    }
    return loaded;
  }
  if (args.target === undefined) fail('cli/bad-argument', 'benchmarking a model needs --target', { hint: "name a device target, e.g. --target cortex-m4 (see 'ingot targets')" });
  const graph = importModel(readInputFile(args.model, 'model'), modelNameOf(args.model));
  // The QEMU boards are larger than typical parts: whether it fits the board is checked below.
  const result = compile(graph, { target: args.target, kernels: args.portable ? 'portable' : 'target', allowOversize: true });
  const board = measuringBoard(targetById(args.target));
  if (board && !fitsBoard(result.sizes, board)) {
    fail('size/over-ram', `the bundle (flash ~${result.sizes.flashBytesEstimate} B, arena ${result.sizes.arenaBytes} B) does not fit ${board.description}`, { hint: 'benchmark a smaller model on this target' });
  }
  return { files: result.bundle.files, manifest: result.manifest };
}

export function benchCommand(y: Argv): Argv {
  return y.command<BenchArgs>(
    'bench <model>',
    'Count instructions per inference and per layer of a bundle under its target\'s QEMU board',
    (a) =>
      a
        .positional('model', { type: 'string', describe: 'a .tflite or .onnx model, or a C bundle from `ingot compile`', demandOption: true })
        .option('target', { alias: 't', type: 'string', describe: "device target (for a model; see 'ingot targets')" })
        .option('portable', { type: 'boolean', default: false, describe: 'compile with the portable C kernels only' })
        .option('input', { alias: 'i', type: 'string', array: true, default: [], describe: 'input .npy files, one per model input (default: zeros)' })
        .option('json', { type: 'boolean', default: false, describe: 'print JSON' })
        .example('$0 bench kws_ref_model.tflite --target cortex-m4', 'instructions per layer on a Cortex-M4')
        .example('$0 bench out/kws_m55', 'a bundle, on the target it was compiled for') as unknown as Argv<BenchArgs>,
    async (args) => {
      const { files, manifest } = await bundleFor(args);
      const target = targetById(manifest.target.id);
      let inputs: Uint8Array[] | undefined;
      if (args.input.length > 0) {
        const arrays = args.input.map(readNpyFile);
        checkInputs(manifest.inputs.map((i) => ({ name: i.name, dtype: i.dtype as DType, shape: i.shape })), arrays);
        inputs = arrays.map((a) => bytesOf(a.data));
      }
      const result = await benchBundle(files, target, { cacheDir: cacheDir(), ...(inputs ? { inputs } : {}) });
      process.stdout.write((args.json ? JSON.stringify(result, null, 2) : formatBench(result)) + '\n');
    },
  );
}
