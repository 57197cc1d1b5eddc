/**
 * `ingot compile MODEL --target T -o OUT`: compiles a model (after the pass
 * pipeline, so ONNX models lower to backend kinds) to a C bundle or a
 * WebAssembly bundle, as the target says, and writes it as a folder, or as a
 * deterministic .tar when OUT ends in `.tar`. Prints one summary line on
 * success. A bundle predicted not to fit the target's typical part, or over
 * --max-flash / --max-ram, fails with nothing written (--allow-oversize lifts
 * the part's limits, not budgets).
 */
import type { Argv } from 'yargs';
import { writeBundleFolder } from '../../bundle/folder.js';
import { bundleToTar } from '../../bundle/tar.js';
import { compile } from '../../compile.js';
import { importModel } from '../../import/index.js';
import { fail, formatDiagnostic } from '../../ir/index.js';
import { requireBackendKinds, runPipeline } from '../../passes/pipeline.js';
import { backendOf, targetById, TARGETS } from '../../../targets/index.js';
import { modelNameOf, readInputFile, writeFileAtomic } from '../files.js';
import { INPUT_SHAPE_OPTION } from '../input-shape.js';

interface CompileArgs {
  model: string;
  target: string;
  output: string;
  name?: string;
  inputShape: Record<string, number[]>;
  portable: boolean;
  'allow-oversize': boolean;
  'max-flash'?: number;
  'max-ram'?: number;
}

function byteBudget(value: number | undefined, flag: string): number | undefined {
  if (value !== undefined && (!Number.isFinite(value) || value <= 0)) {
    fail('cli/bad-argument', `${flag} ${value} is not a size in bytes`, { hint: `give a positive number of bytes, e.g. ${flag} 262144` });
  }
  return value;
}

export function compileCommand(y: Argv): Argv {
  return y.command<CompileArgs>(
    'compile <model>',
    'Compile a model to a C or WebAssembly bundle (folder, or .tar) for a target',
    (a) =>
      a
        .positional('model', { type: 'string', describe: 'a .tflite or .onnx model', demandOption: true })
        .option('target', { alias: 't', type: 'string', default: 'host', describe: `target id (${TARGETS.map((t) => t.id).join(', ')}; see 'ingot targets')` })
        .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'bundle folder, or NAME.tar for a deterministic tar file' })
        .option('name', { type: 'string', describe: 'C identifier stem and bundle name (default: the model file name)' })
        .option('portable', { type: 'boolean', default: false, describe: "use the portable C kernels only, not the target's SIMD kernels (a baseline for comparison)" })
        .option('allow-oversize', { type: 'boolean', default: false, describe: "compile even if the bundle exceeds the target's typical flash or RAM (for a larger part)" })
        .option('max-flash', { type: 'number', describe: 'fail unless code + weights fit in this many bytes' })
        .option('max-ram', { type: 'number', describe: 'fail unless arena + stack fit in this many bytes' })
        .option('input-shape', INPUT_SHAPE_OPTION)
        .example('$0 compile person_detect.tflite -o out/person_detect', 'write a bundle folder')
        .example('$0 compile person_detect.tflite -o person_detect.tar', 'write a deterministic tar')
        .example('$0 compile mnist.onnx --input-shape Input3=1x1x28x28 -o out/mnist', 'an ONNX model with a symbolic batch size')
        .example('$0 compile model.onnx --target wasm -o web/model', 'write a WebAssembly bundle (modules, loader, manifest, usage README)')
        .example('$0 compile kws.tflite -t cortex-m4 --max-ram 65536 -o out/kws', 'cross-compile for a Cortex-M4 within a RAM budget') as unknown as Argv<CompileArgs>,
    async (args) => {
      const target = targetById(args.target);
      const imported = importModel(readInputFile(args.model, 'model'), modelNameOf(args.model), { inputShapes: args.inputShape });
      const graph = runPipeline(imported);
      requireBackendKinds(graph);
      const options = {
        target,
        ...(args.name !== undefined ? { name: args.name } : {}),
        kernels: args.portable ? ('portable' as const) : ('target' as const),
        allowOversize: args['allow-oversize'],
        maxFlashBytes: byteBudget(args['max-flash'], '--max-flash'),
        maxRamBytes: byteBudget(args['max-ram'], '--max-ram'),
      };
      // binaryen is large: load the WebAssembly emitter only when the target asks for it.
      const result = backendOf(target) === 'wasm' ? await (await import('../../compile-wasm.js')).compileWasm(graph, options) : compile(graph, options);
      if (args.output.endsWith('.tar')) writeFileAtomic(args.output, await bundleToTar(result.bundle));
      else writeBundleFolder(result.bundle, args.output);
      for (const d of result.diagnostics) process.stderr.write(formatDiagnostic(d).replace(/^error/, 'warning') + '\n');
      const s = result.sizes;
      process.stdout.write(
        `wrote ${args.output}: ${result.manifest.layers.length} layers in ${result.manifest.kernelFunctions} kernels, ` +
          `arena ${s.arenaBytes} B (lower bound ${result.plan.lowerBound} B), weights ${s.weightsBytes} B, code ~${s.codeBytesEstimate} B\n`,
      );
    },
  );
}
