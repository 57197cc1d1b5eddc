/**
 * `ingot run MODEL --input a.npy … --output out.npy …`: runs the reference
 * executor on the graph as compiled (after the pass pipeline) with .npy
 * inputs and writes .npy outputs (all computed before any file is written).
 */
import type { Argv } from 'yargs';
import { ReferenceExecutor } from '../../exec/reference.js';
import { importModel } from '../../import/index.js';
import { fail } from '../../ir/index.js';
import { serializeNpy } from '../../io/npy.js';
import { runPipeline } from '../../passes/pipeline.js';
import { modelNameOf, readInputFile, readNpyFile, writeFileAtomic } from '../files.js';
import { INPUT_SHAPE_OPTION } from '../input-shape.js';

interface RunArgs {
  model: string;
  input: string[];
  output: string[];
  inputShape: Record<string, number[]>;
}

export function runCommand(y: Argv): Argv {
  return y.command<RunArgs>(
    'run <model>',
    'Run a model on .npy inputs with the reference executor and write .npy outputs',
    (a) =>
      a
        .positional('model', { type: 'string', describe: 'a .tflite or .onnx model', demandOption: true })
        .option('input', { alias: 'i', type: 'string', array: true, default: [], describe: 'an input .npy, one per model input, in order' })
        .option('output', { alias: 'o', type: 'string', array: true, default: [], describe: 'where to write each output .npy, in order' })
        .option('input-shape', INPUT_SHAPE_OPTION)
        .example('$0 run model.tflite -i x.npy -o y.npy', 'one input, one output') as unknown as Argv<RunArgs>,
    (args) => {
      const graph = runPipeline(importModel(readInputFile(args.model, 'model'), modelNameOf(args.model), { inputShapes: args.inputShape }));
      // Prepare every op first: an unsupported model fails before any input is read.
      const executor = new ReferenceExecutor(graph);
      if (args.input.length !== graph.inputs.length) {
        fail('input/count', `the model takes ${graph.inputs.length} input(s); ${args.input.length} --input given`, { hint: 'pass one --input FILE.npy per model input, in order' });
      }
      if (args.output.length !== graph.outputs.length) {
        fail('cli/bad-argument', `the model has ${graph.outputs.length} output(s); ${args.output.length} --output given`, { hint: 'pass one --output FILE.npy per model output, in order' });
      }
      const inputs = args.input.map(readNpyFile);
      const outputs = executor.run(inputs);
      outputs.forEach((data, k) => {
        const t = graph.tensors[graph.outputs[k]!]!;
        writeFileAtomic(args.output[k]!, serializeNpy({ dtype: t.dtype, shape: t.shape, data }));
      });
    },
  );
}
