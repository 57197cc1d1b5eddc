/**
 * `ingot targets [--json]`: the targets Ingot can compile for, with the
 * facts each is defined by.
 */
import type { Argv } from 'yargs';
import { backendOf, TARGETS, type Target } from '../../../targets/index.js';

interface TargetsArgs {
  json: boolean;
}

/** How bundles for the target are built and run, in a few words. */
const buildsWith = (t: Target): string =>
  backendOf(t) === 'wasm' ? 'WebAssembly via binaryen, runs in Node and browsers' : `cc: ${t.toolchain.cc}${t.hosted ? ', runs here' : ''}`;

const kib = (n: number): string => (n >= 2 ** 30 ? `${n / 2 ** 30} GiB` : n >= 2 ** 20 ? `${n / 2 ** 20} MiB` : `${n / 1024} KiB`);

export function targetsCommand(y: Argv): Argv {
  return y.command<TargetsArgs>(
    'targets',
    'List the targets Ingot can compile for',
    (a) => a.option('json', { type: 'boolean', default: false, describe: 'print JSON' }) as unknown as Argv<TargetsArgs>,
    (args) => {
      if (args.json) {
        process.stdout.write(JSON.stringify(TARGETS, null, 2) + '\n');
        return;
      }
      const width = Math.max(...TARGETS.map((t) => t.id.length));
      for (const t of TARGETS) {
        const runs = t.board ? `, tested on ${t.board.description}` : '';
        process.stdout.write(
          `${t.id.padEnd(width)}  ${t.description}\n` +
            `${''.padEnd(width)}  ${t.architecture}, ${t.cpu}, ${t.clockHz / 1e6} MHz, flash ${kib(t.flashBytes)}, RAM ${kib(t.ramBytes)}, ` +
            `align ${t.alignment}, features: ${t.features.join(' ') || 'none'}, ${buildsWith(t)}${runs}\n`,
        );
      }
    },
  );
}
