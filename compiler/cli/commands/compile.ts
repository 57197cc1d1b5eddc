/**
 * `ingot compile MODEL --target T -o OUT`: compiles a model (after the pass
 * pipeline, so ONNX models lower to backend kinds) to a C bundle or a
 * WebAssembly bundle, as the target says, and writes it as a folder, or as a
 * deterministic .tar when OUT ends in `.tar`. Prints one summary line on
 * success. A bundle predicted not to fit the target's typical part, or over
 * --max-flash / --max-ram, fails with nothing written (--allow-oversize lifts
 * the part's limits, not budgets).
 *
 * With --quantize MODE --calib SAMPLES a float model is quantized first
 * (compile-quantize.ts) and the quantized graph compiled: the accuracy
 * report is printed and travels in the bundle as report/quantization.json,
 * and --emit-tflite also writes the quantized .tflite. Everything is built
 * in memory before the first file is written.
 */
import { existsSync } from 'node:fs';
import type { Argv } from 'yargs';
import { addBundleFiles } from '../../bundle/add-files.js';
import { writeBundleFolder } from '../../bundle/folder.js';
import { loadBundle } from '../../bundle/read.js';
import { bundleToTar } from '../../bundle/tar.js';
import { compileForTarget } from '../../compile-target.js';
import { exportTflite } from '../../export/tflite/write.js';
import { fail, formatDiagnostic, type Graph } from '../../ir/index.js';
import { requireBackendKinds, runPipeline } from '../../passes/pipeline.js';
import { targetById, TARGETS } from '../../../targets/index.js';
import { checkQuantFlags, COMPILE_QUANT_OPTIONS, quantizeForCompile, type CompileQuantArgs } from '../compile-quantize.js';
import { importModelFile, stageFile, writeFileAtomic } from '../files.js';
import { byteSizeOption } from '../byte-size.js';
import { INPUT_SHAPE_OPTION } from '../input-shape.js';
import { KERNEL_OPTIONS, kernelSelection } from '../kernel-options.js';
import { UsageError } from '../usage-error.js';
import { uncompressedOutput } from '../output-name.js';

interface CompileArgs extends CompileQuantArgs {
  model: string;
  target: string;
  output: string;
  name?: string;
  inputShape: Record<string, number[]>;
  portable: boolean;
  speed: boolean;
  'allow-oversize': boolean;
  'max-flash'?: number;
  'max-ram'?: number;
}

/** The -o value, which must name something. */
function outputPath(value: string): string {
  if (value.trim() === '') throw new UsageError('-o is empty: give a bundle folder, or NAME.tar');
  return uncompressedOutput('-o', 'a bundle folder or NAME.tar')(value) as string;
}

/** An existing file at a .tar output is replaced only when it is an Ingot bundle, as a bundle folder is. */
async function refuseForeignTar(path: string): Promise<void> {
  if (!existsSync(path)) return;
  const bundle = await loadBundle(path).catch(() => undefined);
  if (bundle === undefined) fail('output/exists', `'${path}' exists and is not an Ingot bundle .tar`, { hint: 'choose a new file name, or remove it first' });
}

export function compileCommand(y: Argv): Argv {
  return y.command<CompileArgs>(
    'compile <model>',
    'Compile a model to a C or WebAssembly bundle (folder, or .tar) for a target',
    (a) =>
      a
        .positional('model', { type: 'string', describe: 'a .tflite or .onnx model', demandOption: true })
        .option('target', { alias: 't', type: 'string', default: 'host', describe: `target id (${TARGETS.map((t) => t.id).join(', ')}; see 'ingot targets')` })
        .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'bundle folder, or NAME.tar for a deterministic tar file', coerce: outputPath })
        .option('name', { type: 'string', describe: 'C identifier stem and bundle name (default: the model file name)' })
        .options(KERNEL_OPTIONS)
        .option('allow-oversize', { type: 'boolean', default: false, describe: "compile even if the bundle exceeds the target's typical flash or RAM (for a larger part)" })
        .option('max-flash', byteSizeOption('--max-flash', 'fail unless code + weights fit in this many bytes (with --quantize mixed: the budget the widths are chosen for)'))
        .option('max-ram', byteSizeOption('--max-ram', 'fail unless arena + stack fit in this many bytes'))
        .option('input-shape', INPUT_SHAPE_OPTION)
        .options(COMPILE_QUANT_OPTIONS)
        // Named groups print in the order given: the compile options first, quantization after.
        .group(['target', 'output', 'name', 'portable', 'speed', 'allow-oversize', 'max-flash', 'max-ram', 'input-shape'], 'Options:')
        .group(Object.keys(COMPILE_QUANT_OPTIONS), 'Quantizing a float model first:')
        .example('$0 compile person_detect.tflite -o out/person_detect', 'write a bundle folder')
        .example('$0 compile person_detect.tflite -o person_detect.tar', 'write a deterministic tar')
        .example('$0 compile mnist.onnx --input-shape Input3=1x1x28x28 -o out/mnist', 'an ONNX model with a symbolic batch size')
        .example('$0 compile model.onnx --target wasm -o web/model', 'write a WebAssembly bundle (modules, loader, manifest, usage README)')
        .example('$0 compile kws.tflite -t cortex-m4 --max-ram 65536 -o out/kws', 'cross-compile for a Cortex-M4 within a RAM budget')
        .example('$0 compile micro_speech.tflite -t cortex-m4 --speed -o out/ms', 'every DSP kernel, even one that grows the arena')
        .example('$0 compile vww_96_float.tflite --quantize int8 --calib images/ -t cortex-m7 -o out/vww', 'quantize a float model and compile it in one step')
        .example('$0 compile kws_float.tflite --quantize mixed --calib clips.npz --max-flash 65536 -t cortex-m4 -o out/kws', 'per-layer weight widths so the bundle fits 64 kB of flash') as unknown as Argv<CompileArgs>,
    async (args) => {
      checkQuantFlags(args);
      const maxFlashBytes = args['max-flash'];
      const maxRamBytes = args['max-ram'];
      const target = targetById(args.target);
      const imported = importModelFile(args.model, { inputShapes: args.inputShape });
      const graph = runPipeline(imported);
      requireBackendKinds(graph);
      const options = {
        ...(args.name !== undefined ? { name: args.name } : {}),
        kernels: kernelSelection(args),
      };
      // Measuring a candidate graph for the mixed search: no limits, so every candidate gets a size.
      const flashOf = async (g: Graph): Promise<number> => (await compileForTarget(g, target, { ...options, allowOversize: true })).sizes.flashBytesEstimate;
      const quantized = args.quantize === undefined ? undefined : await quantizeForCompile(graph, { ...args, quantize: args.quantize }, flashOf);
      const compiled = await compileForTarget(quantized?.graph ?? graph, target, {
        ...options,
        allowOversize: args['allow-oversize'],
        maxFlashBytes,
        maxRamBytes,
      });
      const result = quantized ? addBundleFiles(compiled, [quantized.reportFile]) : compiled;
      const tflite = quantized && args['emit-tflite'] !== undefined ? exportTflite(quantized.graph) : undefined;
      const tar = args.output.endsWith('.tar') ? await bundleToTar(result.bundle) : undefined;
      if (tar) await refuseForeignTar(args.output);

      // The .tflite waits beside its destination until the bundle is in place: both or neither.
      const staged = tflite ? stageFile(args['emit-tflite']!, tflite) : undefined;
      try {
        if (tar) writeFileAtomic(args.output, tar);
        else writeBundleFolder(result.bundle, args.output);
      } catch (e) {
        staged?.discard();
        throw e;
      }
      staged?.commit();
      for (const d of result.diagnostics) process.stderr.write(formatDiagnostic(d).replace(/^error/, 'warning') + '\n');
      if (quantized) process.stdout.write(quantized.text + '\n\n');
      const s = result.sizes;
      process.stdout.write(
        `wrote ${args.output}: ${result.manifest.layers.length} layers in ${result.manifest.kernelFunctions} kernels, ` +
          `arena ${s.arenaBytes} B (lower bound ${result.plan.lowerBound} B), weights ${s.weightsBytes} B, code ~${s.codeBytesEstimate} B` +
          `${tflite ? `; quantized model in ${args['emit-tflite']}` : ''}\n`,
      );
    },
  );
}
