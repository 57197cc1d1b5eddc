/**
 * `ingot inspect MODEL [--json] [--stage S] [--input-shape name=dims]`: what
 * the model holds and whether Ingot can compile it. The summary describes
 * the graph as compiled (after the pass pipeline); `--stage import` and
 * `--stage lowered` dump the IR before and after the passes. Exits 1 (after
 * printing the listing) when an op is unsupported.
 */
import type { Argv } from 'yargs';
import { fail, printGraph } from '../../ir/index.js';
import { runPipeline } from '../../passes/pipeline.js';
import { formatSummary } from '../../report/format-summary.js';
import { summarizeModel } from '../../report/model-summary.js';
import { importModelFile } from '../files.js';
import { INPUT_SHAPE_OPTION } from '../input-shape.js';

interface InspectArgs {
  model: string;
  json: boolean;
  stage: string;
  inputShape: Record<string, number[]>;
}

export function inspectCommand(y: Argv): Argv {
  return y.command<InspectArgs>(
    'inspect <model>',
    'List the ops, tensors, shapes, quantization, MACs and weight bytes of a model',
    (a) =>
      a
        .positional('model', { type: 'string', describe: 'a .tflite or .onnx model', demandOption: true })
        .option('json', { type: 'boolean', default: false, describe: 'print JSON for build systems' })
        .option('stage', { type: 'string', choices: ['summary', 'import', 'lowered'], default: 'summary', describe: 'summary, or the IR graph as imported or after the passes' })
        .option('input-shape', INPUT_SHAPE_OPTION)
        .example('$0 inspect person_detect.tflite', 'print the layer table')
        .example('$0 inspect model.onnx --input-shape input=1x3x224x224', 'fix a symbolic batch dimension')
        .example('$0 inspect model.tflite --json > model.json', 'machine-readable summary') as unknown as Argv<InspectArgs>,
    (args) => {
      const imported = importModelFile(args.model, { inputShapes: args.inputShape });
      if (args.stage === 'import') {
        process.stdout.write(printGraph(imported) + '\n');
        return;
      }
      const graph = runPipeline(imported);
      if (args.stage === 'lowered') {
        process.stdout.write(printGraph(graph) + '\n');
        return;
      }
      const summary = summarizeModel(graph);
      process.stdout.write((args.json ? JSON.stringify(summary, null, 2) : formatSummary(summary)) + '\n');
      const first = summary.ops.find((o) => !o.supported);
      if (first) {
        fail('op/unsupported', `op ${first.index} (${first.sourceOp}) cannot be compiled: ${first.problem ?? 'unsupported'}`, { opIndex: first.index });
      }
    },
  );
}
