/**
 * `ingot inspect MODEL [--json]`: what the model holds and whether Ingot can
 * compile it. Exits 1 (after printing the listing) when an op is unsupported.
 */
import type { Argv } from 'yargs';
import { importModel } from '../../import/index.js';
import { fail, printGraph } from '../../ir/index.js';
import { formatSummary } from '../../report/format-summary.js';
import { summarizeModel } from '../../report/model-summary.js';
import { modelNameOf, readInputFile } from '../files.js';

interface InspectArgs {
  model: string;
  json: boolean;
  stage: string;
}

export function inspectCommand(y: Argv): Argv {
  return y.command<InspectArgs>(
    'inspect <model>',
    'List the ops, tensors, shapes, quantization, MACs and weight bytes of a model',
    (a) =>
      a
        .positional('model', { type: 'string', describe: 'a .tflite model', demandOption: true })
        .option('json', { type: 'boolean', default: false, describe: 'print JSON for build systems' })
        .option('stage', { type: 'string', choices: ['summary', 'import'], default: 'summary', describe: 'summary, or the imported IR graph' })
        .example('$0 inspect person_detect.tflite', 'print the layer table')
        .example('$0 inspect model.tflite --json > model.json', 'machine-readable summary') as unknown as Argv<InspectArgs>,
    (args) => {
      const graph = importModel(readInputFile(args.model, 'model'), modelNameOf(args.model));
      if (args.stage === 'import') {
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
