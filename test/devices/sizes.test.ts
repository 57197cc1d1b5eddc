/**
 * Predicted sizes against built ones, on the oracle models for a Cortex-M
 * and a RISC-V target: weights and arena exact, flash (code + weights)
 * within 5 % of the library objects measured with the target's size tool
 * (bundles under 4 KB of flash, whose size is almost all code, within
 * 384 bytes instead: there a kernel's prologue more or less is 5 %, and
 * the code-size model, linear in features of the generated C, is no
 * better than that),
 * and RAM (arena + stack) within 5 % of the arena plus the stack `_invoke`
 * really used on the QEMU board — for models whose arena is at least 4 KB.
 * Below that the stack dominates RAM, and the prediction is the target's
 * worst measured stack: it must then never be below what was used.
 */
import test from 'ava';
import { fitsBoard } from '../../compiler/device/example-run.js';
import { measureBundle } from '../../compiler/device/measure-bundle.js';
import { targetById } from '../../targets/index.js';
import { compileFor, DEVICE_MODELS, deviceCacheDir, withDevice } from '../helpers/device-bundles.js';

const RAM_COMPARED_FROM = 4096;
const FLASH_COMPARED_FROM = 4096;
const SMALL_FLASH_SLACK_BYTES = 384;

for (const id of ['cortex-m4', 'riscv32']) {
  const target = targetById(id);
  for (const model of DEVICE_MODELS.filter((m) => fitsBoard(compileFor(m, target).sizes, target.board!))) {
    test(`${id}: predicted sizes of ${model} match the built objects`, async (t) => {
      const result = compileFor(model, target);
      const m = await withDevice(() => measureBundle(result.bundle, target, { cacheDir: deviceCacheDir, stack: true }));
      const p = result.sizes;
      t.is(m.weights.text + m.weights.rodata + m.weights.data, p.weightsBytes, 'weights exact');
      t.is(m.arenaBytes, p.arenaBytes, 'arena exact');
      t.is(m.code.data + m.code.bss + m.weights.data + m.weights.bss, 0, 'no static data of its own');
      const flashError = (p.flashBytesEstimate - m.flashBytes) / m.flashBytes;
      t.true(m.flashBytes >= FLASH_COMPARED_FROM ? Math.abs(flashError) <= 0.05 : Math.abs(p.flashBytesEstimate - m.flashBytes) <= SMALL_FLASH_SLACK_BYTES, `flash predicted ${p.flashBytesEstimate}, measured ${m.flashBytes} (${(flashError * 100).toFixed(1)} %)`);
      t.true(m.invokeStackBytes !== undefined && m.invokeStackBytes > 0, 'stack measured');
      t.true(p.stackBytesEstimate >= m.invokeStackBytes!, `stack predicted ${p.stackBytesEstimate}, used ${m.invokeStackBytes}`);
      if (p.arenaBytes >= RAM_COMPARED_FROM) {
        const ramError = (p.ramBytesEstimate - m.ramBytes) / m.ramBytes;
        t.true(Math.abs(ramError) <= 0.05, `RAM predicted ${p.ramBytesEstimate}, measured ${m.ramBytes} (${(ramError * 100).toFixed(1)} %)`);
      }
    });
  }
}
