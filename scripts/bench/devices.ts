/**
 * Device targets under QEMU, per model and target: instructions of one
 * inference (deterministic -icount counts on the target's measuring
 * board), MACs per instruction, the ratio against TFLite Micro's reference
 * kernels on the same Cortex-M4 board (the oracle's count, same method),
 * and against Ingot's own portable-kernel build for the same target. Then
 * flash and RAM beside TFLite Micro's firmware figures for the same model
 * (M4): the bundle's own objects, and the whole example firmware (startup,
 * semihosting and C library included) as the fairer comparison with
 * TFLite Micro's firmware.
 *
 *   npm run bench -- devices
 */
import { join } from 'node:path';
import { compile, type CompileResult } from '../../compiler/compile.js';
import { countInstructions } from '../../compiler/device/bench.js';
import { buildBundleExample, fitsBoard, measuringBoard } from '../../compiler/device/example-run.js';
import { measureBundle } from '../../compiler/device/measure-bundle.js';
import { flashOf, measureSections, staticRamOf } from '../../compiler/device/measure-size.js';
import { importModel } from '../../compiler/import/index.js';
import { IngotError } from '../../compiler/ir/index.js';
import { targetById, type Target } from '../../targets/index.js';
import { modelBytes, oracleEntry } from '../../test/helpers/oracle.js';
import { repoRoot } from '../../test/helpers/paths.js';
import { formatTable, thousands, type BenchSection } from './section.js';

const MODELS = [
  'mlperf-tiny-kws-dscnn__kws_ref_model',
  'tflm-person-detection__person_detect',
  'mlperf-tiny-vww-mobilenet__vww_96_int8',
  'tflm-magic-wand__magic_wand',
  'tflm-micro-speech__micro_speech_quantized',
  'tflm-micro-speech__audio_preprocessor_int8',
];
const TARGETS = ['cortex-m4', 'cortex-m7', 'cortex-m33', 'cortex-m55', 'riscv32', 'cortex-m0plus', 'cortex-a53', 'cortex-a76'];
const cacheDir = join(repoRoot, 'node_modules', '.cache', 'ingot-bench', 'devices');

function compileFor(id: string, target: Target, kernels: 'target' | 'portable'): CompileResult {
  return compile(importModel(modelBytes(oracleEntry(id)), id.split('__')[1]!), { target, kernels, allowOversize: true });
}

const sameFiles = (a: CompileResult, b: CompileResult): boolean =>
  a.manifest.files.length === b.manifest.files.length && a.manifest.files.every((f, i) => f.sha256 === b.manifest.files[i]!.sha256);

const why = (e: unknown): string => (e instanceof IngotError ? e.diagnostic.message : String(e)).slice(0, 80);

async function speedRows(out: (line: string) => void): Promise<string[][]> {
  const rows: string[][] = [];
  for (const id of MODELS) {
    const entry = oracleEntry(id);
    const tflm = entry.tflm_cortex_m4?.instructions_per_invoke;
    for (const tid of TARGETS) {
      const target = targetById(tid);
      const board = measuringBoard(target)!;
      const fast = compileFor(id, target, 'target');
      if (!fitsBoard(fast.sizes, board)) {
        rows.push([fast.manifest.name, tid, 'does not fit the board', '', '', '', '', '']);
        continue;
      }
      if (board.family === 'aarch64' && fast.manifest.inputs.some((i) => i.dtype === 'f32')) {
        // Float kernels call libm, which the bare-metal AArch64 counting board has none of; qemu-user runs them in the tests.
        rows.push([fast.manifest.name, tid, 'not counted: float model (the bare-metal counting board has no libm)', '', '', '', '', '']);
        continue;
      }
      try {
        const ours = await countInstructions(fast.bundle.files, target, { cacheDir });
        const portable = compileFor(id, target, 'portable');
        const base = sameFiles(fast, portable) ? ours : await countInstructions(portable.bundle.files, target, { cacheDir });
        const macs = fast.manifest.layers.reduce((n, l) => n + l.macs, 0);
        rows.push([
          fast.manifest.name,
          tid,
          thousands(ours.instructions),
          (macs / ours.instructions).toFixed(3),
          tid === 'cortex-m4' && tflm ? (ours.instructions / tflm).toFixed(3) : '',
          (base.instructions / ours.instructions).toFixed(2),
          thousands(ours.stackBytes),
          sameFiles(fast, portable) ? 'portable only' : '',
        ]);
      } catch (e) {
        rows.push([fast.manifest.name, tid, `failed: ${why(e)}`, '', '', '', '', '']);
      }
      out(`  ${fast.manifest.name} on ${tid}: done`);
    }
  }
  return rows;
}

async function sizeRows(): Promise<string[][]> {
  const target = targetById('cortex-m4');
  const rows: string[][] = [];
  for (const id of MODELS) {
    const t = oracleEntry(id).tflm_cortex_m4;
    const r = compileFor(id, target, 'target');
    const own = await measureBundle(r.bundle, target, { cacheDir, stack: true });
    const elf = await buildBundleExample(r.manifest.name, r.bundle.files, target, { cacheDir });
    const fw = (await measureSections(target.toolchain.size, [elf])).get(elf)!;
    const fwRam = staticRamOf(fw) + (own.invokeStackBytes ?? 0);
    rows.push([
      r.manifest.name,
      thousands(own.code.text),
      thousands(own.flashBytes),
      thousands(own.ramBytes),
      thousands(fw.text),
      thousands(flashOf(fw)),
      thousands(fwRam),
      t ? thousands(t.text) : '-',
      t ? thousands(t.text + t.rodata + t.data) : '-',
      t ? thousands(t.data + t.bss) : '-',
      t ? (fw.text / t.text).toFixed(2) : '-',
      t ? (flashOf(fw) / (t.text + t.rodata + t.data)).toFixed(2) : '-',
      t ? (fwRam / (t.data + t.bss)).toFixed(2) : '-',
    ]);
  }
  return rows;
}

export const devicesSection: BenchSection = {
  id: 'devices',
  title: 'Device targets under QEMU: instructions per inference, MACs/instruction, flash and RAM',
  async run(out) {
    const speed = await speedRows(out);
    out('');
    for (const line of formatTable(['model', 'target', 'instructions', 'MACs/instr', 'vs TFLM M4', 'portable/this', 'stack B', 'note'], speed)) out(line);
    out('');
    out('instructions: one inference on zeros, counted by QEMU -icount on the target\'s board (AArch64: bare-metal virt twin); deterministic.');
    out('vs TFLM M4: these instructions / TFLite Micro\'s reference kernels on the same mps2-an386 board (oracle index, same counting; goal <= 0.25).');
    out('portable/this: the portable-kernel build\'s instructions / this build\'s (goal on cortex-m55 >= 6); "portable only": no target kernels yet.');
    out('');
    const sizes = await sizeRows();
    for (const line of formatTable(
      ['model (cortex-m4)', 'bundle .text', 'bundle flash', 'bundle RAM', 'fw .text', 'fw flash', 'fw RAM', 'TFLM .text', 'TFLM flash', 'TFLM RAM', '.text ratio', 'flash ratio', 'RAM ratio'],
      sizes,
    )) out(line);
    out('');
    out('bundle: the bundle\'s own library objects (size -A): flash = .text + .rodata + .data, RAM = .data + .bss + arena + measured _invoke stack.');
    out('fw: the whole example firmware ELF for mps2-an386 (startup, semihosting I/O, newlib-nano memcpy/memset), RAM = .data + .bss (arena included) + _invoke stack.');
    out('TFLM: TFLite Micro firmware with that model and only its ops (oracle index: text, rodata + data, data + bss with its arena). Goals: .text ratio <= 0.5, flash and RAM ratios < 1.');
  },
};
