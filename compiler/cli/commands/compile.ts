/**
 * `ingot compile MODEL --target host -o OUT`: compiles a model to a C bundle
 * and writes it as a folder, or as a deterministic .tar when OUT ends in
 * `.tar`. Prints one summary line on success. A bundle predicted not to fit
 * the target's typical part, or over --max-flash / --max-ram, fails with
 * nothing written (--allow-oversize lifts the part's limits, not budgets).
 */
import type { Argv } from 'yargs';
import { writeBundleFolder } from '../../bundle/folder.js';
import { bundleToTar } from '../../bundle/tar.js';
import { compile } from '../../compile.js';
import { importModel } from '../../import/index.js';
import { fail, formatDiagnostic } from '../../ir/index.js';
import { TARGETS } from '../../../targets/index.js';
import { modelNameOf, readInputFile, writeFileAtomic } from '../files.js';

interface CompileArgs {
  model: string;
  target: string;
  output: string;
  name?: string;
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
    'Compile a model to a C bundle (folder, or .tar) for a target',
    (a) =>
      a
        .positional('model', { type: 'string', describe: 'a .tflite model', demandOption: true })
        .option('target', { alias: 't', type: 'string', default: 'host', describe: `target id (${TARGETS.map((t) => t.id).join(', ')}; see 'ingot targets')` })
        .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'bundle folder, or NAME.tar for a deterministic tar file' })
        .option('name', { type: 'string', describe: 'C identifier stem and bundle name (default: the model file name)' })
        .option('portable', { type: 'boolean', default: false, describe: "use the portable C kernels only, not the target's SIMD kernels (a baseline for comparison)" })
        .option('allow-oversize', { type: 'boolean', default: false, describe: "compile even if the bundle exceeds the target's typical flash or RAM (for a larger part)" })
        .option('max-flash', { type: 'number', describe: 'fail unless code + weights fit in this many bytes' })
        .option('max-ram', { type: 'number', describe: 'fail unless arena + stack fit in this many bytes' })
        .example('$0 compile person_detect.tflite -o out/person_detect', 'write a bundle folder')
        .example('$0 compile person_detect.tflite -o person_detect.tar', 'write a deterministic tar')
        .example('$0 compile kws.tflite -t cortex-m4 --max-ram 65536 -o out/kws', 'cross-compile for a Cortex-M4 within a RAM budget') as unknown as Argv<CompileArgs>,
    async (args) => {
      const graph = importModel(readInputFile(args.model, 'model'), modelNameOf(args.model));
      const result = compile(graph, {
        target: args.target,
        ...(args.name !== undefined ? { name: args.name } : {}),
        kernels: args.portable ? 'portable' : 'target',
        allowOversize: args['allow-oversize'],
        maxFlashBytes: byteBudget(args['max-flash'], '--max-flash'),
        maxRamBytes: byteBudget(args['max-ram'], '--max-ram'),
      });
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
