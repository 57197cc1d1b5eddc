#!/usr/bin/env node
/**
 * The `ingot` command line: thin commands over the library. This is the only
 * module that touches `process`: it turns diagnostics into one line on
 * stderr and an exit status (1 for a problem with the input, 2 for a
 * wrong command line, 70 for an internal error).
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { formatDiagnostic, IngotError } from '../ir/index.js';
import { TOOL_VERSION } from '../version.js';
import { benchCommand } from './commands/bench.js';
import { compileCommand } from './commands/compile.js';
import { inspectCommand } from './commands/inspect.js';
import { quantizeCommand } from './commands/quantize.js';
import { reportCommand } from './commands/report.js';
import { runCommand } from './commands/run.js';
import { targetsCommand } from './commands/targets.js';
import { UsageError } from './usage-error.js';


export async function main(argv: string[]): Promise<number> {
  const cli = yargs(argv)
    .scriptName('ingot')
    .usage('$0 <command> [options]\n\nIngot packages trained models (TFLite, ONNX) into bit-exact C and WebAssembly bundles for edge devices.')
    .strict()
    .demandCommand(1, 'name a command: inspect, compile, run, report, bench, quantize or targets')
    .recommendCommands()
    .version(TOOL_VERSION)
    .help()
    .alias('h', 'help')
    .wrap(Math.min(100, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((msg, err) => {
      // yargs reports its own validation (and option coercion) failures as YError: those are usage errors.
      if (err && err.name !== 'YError') throw err;
      throw new UsageError(msg || err?.message || 'invalid command line');
    });
  inspectCommand(cli);
  compileCommand(cli);
  runCommand(cli);
  quantizeCommand(cli);
  targetsCommand(cli);
  reportCommand(cli);
  benchCommand(cli);
  try {
    await cli.parseAsync();
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`error[cli/bad-argument]: ${e.message} — see 'ingot --help'\n`);
      return 2;
    }
    if (e instanceof IngotError) {
      process.stderr.write(formatDiagnostic(e.diagnostic) + '\n');
      return 1;
    }
    process.stderr.write(`internal error: ${(e as Error).message}\n`);
    if (process.env['INGOT_DEBUG']) process.stderr.write(`${(e as Error).stack}\n`);
    else process.stderr.write('this is a bug in Ingot; rerun with INGOT_DEBUG=1 for details and report it\n');
    return 70;
  }
  return 0;
}

process.exitCode = await main(hideBin(process.argv));
