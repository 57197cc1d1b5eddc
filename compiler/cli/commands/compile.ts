/**
 * `ingot compile MODEL --target host -o OUT`: compiles a model (.tflite or
 * .onnx) to a C bundle and writes it as a folder, or as a deterministic
 * .tar when OUT ends in `.tar`. The imported graph goes through the pass
 * pipeline first, as `ingot run` does (ONNX's NCHW ops become the NHWC
 * kinds the kernels implement). Prints one summary line (and any size
 * warnings) on success.
 */
import type { Argv } from 'yargs';
import { writeBundleFolder } from '../../bundle/folder.js';
import { bundleToTar } from '../../bundle/tar.js';
import { compile } from '../../compile.js';
import { importModel } from '../../import/index.js';
import { formatDiagnostic } from '../../ir/index.js';
import { requireBackendKinds, runPipeline } from '../../passes/pipeline.js';
import { TARGETS } from '../../../targets/index.js';
import { modelNameOf, readInputFile, writeFileAtomic } from '../files.js';
import { INPUT_SHAPE_OPTION } from '../input-shape.js';

interface CompileArgs {
  model: string;
  target: string;
  output: string;
  name?: string;
  inputShape: Record<string, number[]>;
}

export function compileCommand(y: Argv): Argv {
  return y.command<CompileArgs>(
    'compile <model>',
    'Compile a model to a C bundle (folder, or .tar) for a target',
    (a) =>
      a
        .positional('model', { type: 'string', describe: 'a .tflite or .onnx model', demandOption: true })
        .option('target', { alias: 't', type: 'string', default: 'host', describe: `target id (${TARGETS.map((t) => t.id).join(', ')}; see 'ingot targets')` })
        .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'bundle folder, or NAME.tar for a deterministic tar file' })
        .option('name', { type: 'string', describe: 'C identifier stem and bundle name (default: the model file name)' })
        .option('input-shape', INPUT_SHAPE_OPTION)
        .example('$0 compile person_detect.tflite -o out/person_detect', 'write a bundle folder')
        .example('$0 compile person_detect.tflite -o person_detect.tar', 'write a deterministic tar')
        .example('$0 compile mnist.onnx --input-shape Input3=1x1x28x28 -o out/mnist', 'an ONNX model with a symbolic batch size') as unknown as Argv<CompileArgs>,
    async (args) => {
      const graph = runPipeline(importModel(readInputFile(args.model, 'model'), modelNameOf(args.model), { inputShapes: args.inputShape }));
      requireBackendKinds(graph);
      const result = compile(graph, { target: args.target, ...(args.name !== undefined ? { name: args.name } : {}) });
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
