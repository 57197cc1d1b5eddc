/**
 * The smallest board: hello_world and micro_speech on QEMU's micro:bit
 * (nRF51822, 16 KB RAM). The whole program — its static data (the arena
 * included) and the deepest stack it reached, measured by painting — must
 * fit the 16 KB, and the outputs equal TFLite Micro's on every case.
 */
import test from 'ava';
import { buildBundleExample } from '../../compiler/device/example-run.js';
import { measureSections, staticRamOf } from '../../compiler/device/measure-size.js';
import { targetById } from '../../targets/index.js';
import { compileFor, deviceCacheDir, runOracleOnDevice, withDevice } from '../helpers/device-bundles.js';

const microbit = targetById('microbit');
const RAM = microbit.board!.ramBytes;

for (const id of ['tflm-hello-world__hello_world_int8', 'tflm-micro-speech__micro_speech_quantized']) {
  test(`${id} runs in the micro:bit's 16 KB of RAM and matches TFLite Micro`, async (t) => {
    t.is(RAM, 16 * 1024);
    const result = compileFor(id, microbit);
    t.true(result.sizes.ramBytesEstimate <= microbit.ramBytes, 'fits the typical part by prediction');
    const run = await runOracleOnDevice(id, microbit);
    t.deepEqual(run.problems, []);
    t.true(run.report.stackBytes > 0, 'the stack was measured');
    const elf = await withDevice(() => buildBundleExample(result.manifest.name, result.bundle.files, microbit, { cacheDir: deviceCacheDir }));
    const sections = (await measureSections(microbit.toolchain.size, [elf])).get(elf)!;
    const used = staticRamOf(sections) + run.report.stackBytes;
    t.true(sections.bss >= result.plan.arenaBytes, 'the arena is in .bss');
    t.true(used <= RAM, `static data ${staticRamOf(sections)} B + stack ${run.report.stackBytes} B = ${used} B of ${RAM}`);
    t.log(`${result.manifest.name}: arena ${result.plan.arenaBytes} B, static data ${staticRamOf(sections)} B, stack ${run.report.stackBytes} B: ${used} of ${RAM} B RAM`);
  });
}
