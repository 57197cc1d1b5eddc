/**
 * Predicted sizes against built ones, on the oracle models for every device
 * target with a measuring board (Cortex-M0+, micro:bit, M4, M7, M33, M55,
 * RISC-V, Cortex-A53 and A76): weights and arena exact; flash (code +
 * weights) within 5 % of the library objects measured with the target's
 * size tool; RAM (arena + stack) within 5 % of the arena plus the stack
 * `_invoke` really used on the QEMU board, the stack never under-predicted.
 *
 * One exception, with the figures of scripts/dev/calibrate-sizes.ts (290–374
 * bundles per target: the whole models, each of their layers alone, each op
 * alone): under 2 KB of arena the stack is a large share of RAM
 * (hello_world: an 8–108 B stack beside a 32–128 B arena). The estimate
 * takes each kernel's deepest stack measured on the target, and one kernel's
 * stack varies with its shape by more than such a RAM's 5 % (fully
 * connected, float, on the Cortex-M55: 88 B in hello_world, 168 B in a larger
 * layer; the int8 depthwise kernel on the Cortex-A53: 12 B in network_model,
 * 124 B in kws_ref_model). No estimate made before the compiler allocates
 * registers can be both safe and within a few bytes there, so the stack may
 * be over-estimated by at most SMALL_RAM_STACK_SLACK bytes.
 */
import test from 'ava';
import { fitsBoard } from '../../compiler/device/example-run.js';
import { measureBundle } from '../../compiler/device/measure-bundle.js';
import { backendOf, TARGETS } from '../../targets/index.js';
import { compileFor, DEVICE_MODELS, deviceCacheDir, withDevice } from '../helpers/device-bundles.js';

const FLASH_TOLERANCE = 0.05;
const RAM_TOLERANCE = 0.05;
/** Below this much arena, the stack dominates RAM and may be over-estimated by up to SMALL_RAM_STACK_SLACK bytes. */
const SMALL_ARENA_BYTES = 2048;
const SMALL_RAM_STACK_SLACK = 128;

const MEASURED_TARGETS = TARGETS.filter((t) => backendOf(t) === 'c' && t.board !== undefined);

for (const target of MEASURED_TARGETS) {
  const fitting = DEVICE_MODELS.filter((m) => fitsBoard(compileFor(m, target).sizes, target.board!));
  for (const model of fitting) {
    test(`${target.id}: predicted sizes of ${model} match the built objects`, async (t) => {
      const result = compileFor(model, target);
      const m = await withDevice(() => measureBundle(result.bundle, target, { cacheDir: deviceCacheDir, stack: true }));
      const p = result.sizes;
      t.is(m.weights.text + m.weights.rodata + m.weights.data, p.weightsBytes, 'weights exact');
      t.is(m.arenaBytes, p.arenaBytes, 'arena exact');
      t.is(m.code.data + m.code.bss + m.weights.data + m.weights.bss, 0, 'no static data of its own');

      const flashError = (p.flashBytesEstimate - m.flashBytes) / m.flashBytes;
      t.true(Math.abs(flashError) <= FLASH_TOLERANCE, `flash predicted ${p.flashBytesEstimate}, measured ${m.flashBytes} (${(flashError * 100).toFixed(1)} %)`);

      t.true(m.invokeStackBytes !== undefined && m.invokeStackBytes > 0, 'stack measured');
      const used = m.invokeStackBytes!;
      t.true(p.stackBytesEstimate >= used, `stack predicted ${p.stackBytesEstimate}, used ${used}`);
      const ramError = (p.ramBytesEstimate - m.ramBytes) / m.ramBytes;
      const ramMessage = `RAM predicted ${p.ramBytesEstimate}, measured ${m.ramBytes} (${(ramError * 100).toFixed(1)} %; stack ${p.stackBytesEstimate} for ${used})`;
      if (p.arenaBytes >= SMALL_ARENA_BYTES) t.true(Math.abs(ramError) <= RAM_TOLERANCE, ramMessage);
      else t.true(Math.abs(ramError) <= RAM_TOLERANCE || p.stackBytesEstimate - used <= SMALL_RAM_STACK_SLACK, ramMessage);
    });
  }
}
