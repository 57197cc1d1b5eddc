/**
 * Predicted sizes against built ones, on the oracle models for Cortex-M and
 * RISC-V targets: weights and arena exact; flash (code + weights) within
 * 5 % of the library objects measured with the target's size tool; RAM
 * (arena + stack) within 5 % of the arena plus the stack `_invoke` really
 * used on the QEMU board, the stack never under-predicted.
 *
 * Two honest exceptions, with the figures of scripts/dev/calibrate-sizes.ts
 * (374 bundles per target: the whole models, each of their layers alone,
 * each op alone):
 *
 * - Under 4 KB of flash almost all of it is code, and the code-size model
 *   (operations of the generated C after folding, priced per kind) is off
 *   by 7–10 % rms on single ops, so a kernel's worth of register spills or
 *   an unrolled loop is more than 5 %. There flash is checked within 10 %.
 *   Of the calibration bundles of 4 KB or more, every one is within 5 % on
 *   the Cortex-M4, and all but the int8 front end named below on RISC-V.
 * - Under 2 KB of arena the stack is a large share of RAM (hello_world: a
 *   52–104 B stack beside a 32–128 B arena), and no estimate made before
 *   the compiler allocates registers can be both safe and within a few
 *   bytes: a kernel's stack varies with its shape (fully connected, int8,
 *   alone: 8–100 B on RV32). There the stack may be over-estimated by at
 *   most 96 B.
 *
 * Not held to 5 % on RISC-V, their outputs checked on every board like the
 * other models, with the figures of the last calibration: the audio front
 * ends (TFLite Micro's signal operators). The code-size model over-predicts
 * their scalar FFT and filter-bank code (flash +4.8 and +6.6 %), and each
 * of their 15 and 20 kernel functions beyond the first takes a stack
 * allowance (6.6 B, set by the bundle that needs the most) over an 88–120 B
 * stack: RAM +2.3 and +5.2 % on a 2 KB arena. For them the test
 * checks what budgets rely on: weights and arena exact, the stack never
 * under-predicted, flash and RAM never under-predicted by more than the 5 %
 * tolerance. On the Cortex-M4 they are held to 5 % like the other models.
 */
import test from 'ava';
import { fitsBoard } from '../../compiler/device/example-run.js';
import { measureBundle } from '../../compiler/device/measure-bundle.js';
import { targetById } from '../../targets/index.js';
import { compileFor, DEVICE_MODELS, deviceCacheDir, withDevice } from '../helpers/device-bundles.js';

const FLASH_TOLERANCE = 0.05;
/** Below this much flash, code dominates and the bound is SMALL_FLASH_TOLERANCE. */
const SMALL_FLASH_BYTES = 4096;
const SMALL_FLASH_TOLERANCE = 0.1;
const RAM_TOLERANCE = 0.05;
/** Below this much arena, the stack dominates RAM and may be over-estimated by up to SMALL_RAM_STACK_SLACK bytes. */
const SMALL_ARENA_BYTES = 2048;
const SMALL_RAM_STACK_SLACK = 96;

for (const id of ['cortex-m4', 'riscv32']) {
  const target = targetById(id);
  const overEstimated = (m: string): boolean => id === 'riscv32' && m.includes('audio_preprocessor');
  const fitting = DEVICE_MODELS.filter((m) => fitsBoard(compileFor(m, target).sizes, target.board!));
  for (const model of fitting.filter((m) => !overEstimated(m))) {
    test(`${id}: predicted sizes of ${model} match the built objects`, async (t) => {
      const result = compileFor(model, target);
      const m = await withDevice(() => measureBundle(result.bundle, target, { cacheDir: deviceCacheDir, stack: true }));
      const p = result.sizes;
      t.is(m.weights.text + m.weights.rodata + m.weights.data, p.weightsBytes, 'weights exact');
      t.is(m.arenaBytes, p.arenaBytes, 'arena exact');
      t.is(m.code.data + m.code.bss + m.weights.data + m.weights.bss, 0, 'no static data of its own');

      const flashError = (p.flashBytesEstimate - m.flashBytes) / m.flashBytes;
      const flashTolerance = m.flashBytes >= SMALL_FLASH_BYTES ? FLASH_TOLERANCE : SMALL_FLASH_TOLERANCE;
      t.true(Math.abs(flashError) <= flashTolerance, `flash predicted ${p.flashBytesEstimate}, measured ${m.flashBytes} (${(flashError * 100).toFixed(1)} %)`);

      t.true(m.invokeStackBytes !== undefined && m.invokeStackBytes > 0, 'stack measured');
      const used = m.invokeStackBytes!;
      t.true(p.stackBytesEstimate >= used, `stack predicted ${p.stackBytesEstimate}, used ${used}`);
      const ramError = (p.ramBytesEstimate - m.ramBytes) / m.ramBytes;
      const ramMessage = `RAM predicted ${p.ramBytesEstimate}, measured ${m.ramBytes} (${(ramError * 100).toFixed(1)} %; stack ${p.stackBytesEstimate} for ${used})`;
      if (p.arenaBytes >= SMALL_ARENA_BYTES) t.true(Math.abs(ramError) <= RAM_TOLERANCE, ramMessage);
      else t.true(Math.abs(ramError) <= RAM_TOLERANCE || p.stackBytesEstimate - used <= SMALL_RAM_STACK_SLACK, ramMessage);
    });
  }

  for (const model of fitting.filter(overEstimated)) {
    test(`${id}: predicted sizes of ${model} are safe upper bounds of the built objects`, async (t) => {
      const result = compileFor(model, target);
      const m = await withDevice(() => measureBundle(result.bundle, target, { cacheDir: deviceCacheDir, stack: true }));
      const p = result.sizes;
      t.is(m.weights.text + m.weights.rodata + m.weights.data, p.weightsBytes, 'weights exact');
      t.is(m.arenaBytes, p.arenaBytes, 'arena exact');
      t.true(m.invokeStackBytes !== undefined && p.stackBytesEstimate >= m.invokeStackBytes, `stack predicted ${p.stackBytesEstimate}, used ${m.invokeStackBytes}`);
      t.true(p.flashBytesEstimate >= m.flashBytes * (1 - FLASH_TOLERANCE), `flash predicted ${p.flashBytesEstimate}, measured ${m.flashBytes}`);
      t.true(p.ramBytesEstimate >= m.ramBytes, `RAM predicted ${p.ramBytesEstimate}, measured ${m.ramBytes}`);
    });
  }
}
