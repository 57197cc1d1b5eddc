/**
 * `ingot report BUNDLE [--json]`: the bundle's sizes as the compiler
 * predicted them beside the sizes of the built library objects, per
 * section, with the stack `_invoke` used measured on the target's QEMU
 * board. Builds are cached like `ingot run`'s. A WebAssembly bundle gets
 * its modules' code and data bytes, read from the files (nothing to build).
 */
import type { Argv } from 'yargs';
import { isWasmManifest } from '../../bundle/manifest.js';
import { loadBundle } from '../../bundle/read.js';
import { measureBundle } from '../../device/measure-bundle.js';
import { fail } from '../../ir/index.js';
import { formatSizeReport, sizeReport } from '../../report/size-report.js';
import { formatWasmSizeReport, wasmSizeReport } from '../../report/wasm-size-report.js';
import { targetById } from '../../../targets/index.js';
import { cacheDir } from '../files.js';

interface ReportArgs {
  bundle: string;
  json: boolean;
}

export function reportCommand(y: Argv): Argv {
  return y.command<ReportArgs>(
    'report <bundle>',
    'Print a bundle\'s predicted sizes beside the sizes measured from its build for the target',
    (a) =>
      a
        .positional('bundle', { type: 'string', describe: 'a bundle folder or .tar from `ingot compile` (C or WebAssembly)', demandOption: true })
        .option('json', { type: 'boolean', default: false, describe: 'print JSON for build systems' })
        .example('$0 report out/kws_m4', 'flash and RAM, predicted and measured') as unknown as Argv<ReportArgs>,
    async (args) => {
      const bundle = await loadBundle(args.bundle);
      if (bundle === undefined) fail('cli/bad-argument', `'${args.bundle}' is not an Ingot bundle`, { hint: "compile a model first: 'ingot compile MODEL --target T -o DIR'" });
      if (isWasmManifest(bundle.manifest)) {
        const report = wasmSizeReport(bundle);
        process.stdout.write((args.json ? JSON.stringify(report, null, 2) : formatWasmSizeReport(report)) + '\n');
        return;
      }
      const target = targetById(bundle.manifest.target.id);
      const measured = await measureBundle(bundle, target, { cacheDir: cacheDir(), stack: true });
      const report = sizeReport(bundle.manifest, measured, target);
      process.stdout.write((args.json ? JSON.stringify(report, null, 2) : formatSizeReport(report)) + '\n');
    },
  );
}
