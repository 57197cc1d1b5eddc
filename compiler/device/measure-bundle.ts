/**
 * A bundle's real size on its target, measured — the numbers predicted
 * sizes are checked against.
 *
 * Method: the bundle's library objects (`<model>.o`, `<model>_weights.o`)
 * are built by its own Makefile with the target's toolchain, and their
 * sections are summed with the target's size tool. That counts exactly
 * what the bundle adds to a firmware — its code, tables and weights — and
 * nothing of the board, the example program or the C library. Flash =
 * .text + .rodata + .data (load image); RAM = .data + .bss + the arena +
 * the stack `_invoke` used, measured by painting on the target's measuring
 * board (an example run on zeros).
 */
import { join } from 'node:path';
import type { Target } from '../../targets/index.js';
import { buildHostBundle } from '../bundle/host-build.js';
import { manifestFromFiles } from '../bundle/manifest.js';
import type { Bundle } from '../bundle/types.js';
import { buildMeasuringExample, measuringBoard, runExample } from './example-run.js';
import { addSizes, flashOf, measureSections, staticRamOf, type SectionSizes } from './measure-size.js';

export interface MeasuredSizes {
  /** The model's code object: kernels, call sequence, API, constant tables. */
  code: SectionSizes;
  /** The weights object. */
  weights: SectionSizes;
  /** Flash: code + weights objects (.text + .rodata + .data). */
  flashBytes: number;
  arenaBytes: number;
  /** Stack below the `_invoke` call, measured (undefined where no board can measure it). */
  invokeStackBytes?: number;
  /** RAM: .data + .bss + arena + measured stack. */
  ramBytes: number;
  /** How the numbers were obtained, for reports. */
  method: string;
}

export interface MeasureOptions {
  cacheDir: string;
  /** Also measure the stack (builds and runs the example on the measuring board). */
  stack?: boolean;
}

const SECTIONS_METHOD = "sections of the bundle's own library objects (size -A), built by its Makefile with the target's toolchain";
export const MEASURE_METHOD = `${SECTIONS_METHOD}; stack measured by painting on the QEMU board`;
/** The method when no board measures the stack (the host): sections only. */
const SECTIONS_ONLY_METHOD = `${SECTIONS_METHOD}; the stack is not measured (no emulated board for this target), so RAM is compared without it`;

export async function measureBundle(bundle: Pick<Bundle, 'files'>, target: Target, opts: MeasureOptions): Promise<MeasuredSizes> {
  const manifest = manifestFromFiles(bundle.files);
  const stem = manifest.name;
  const tc = target.toolchain;
  const build = await buildHostBundle(stem, bundle.files, {
    cacheDir: opts.cacheDir,
    goal: 'lib',
    program: `build/lib${stem}.a`,
    make: { CC: tc.cc, AR: tc.ar, CFLAGS: tc.cflags.join(' ') },
  });
  const codeObject = join(build.dir, 'build', `${stem}.o`);
  const weightsObject = join(build.dir, 'build', `${stem}_weights.o`);
  const sections = await measureSections(tc.size, [codeObject, weightsObject]);
  const code = sections.get(codeObject) ?? { text: 0, rodata: 0, data: 0, bss: 0 };
  const weights = sections.get(weightsObject) ?? { text: 0, rodata: 0, data: 0, bss: 0 };
  const both = addSizes([code, weights]);

  let invokeStackBytes: number | undefined;
  if (opts.stack && measuringBoard(target) !== undefined) {
    const { board, elf } = await buildMeasuringExample(bundle.files, target, { cacheDir: opts.cacheDir });
    invokeStackBytes = (await runExample(board, elf, [], manifest.outputs.length)).report.invokeStackBytes;
  }
  const arenaBytes = manifest.plan.arenaBytes;
  return {
    code,
    weights,
    flashBytes: flashOf(both),
    arenaBytes,
    ...(invokeStackBytes !== undefined ? { invokeStackBytes } : {}),
    ramBytes: staticRamOf(both) + arenaBytes + (invokeStackBytes ?? 0),
    method: invokeStackBytes !== undefined ? MEASURE_METHOD : SECTIONS_ONLY_METHOD,
  };
}
