/**
 * Device bundles through the command line and their own build files:
 * `ingot compile --target cortex-m4` then `ingot run` under QEMU, `make
 * run` and a CMake build with the bundle's toolchain file as a user would
 * run them, `ingot report` and `ingot bench`, and the size budgets of
 * `ingot compile` (failing with both numbers, writing nothing).
 */
import test from 'ava';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseNpy } from '../../compiler/io/npy.js';
import { compareFiles } from '../helpers/c-bundles.js';
import { deviceCacheDir } from '../helpers/device-bundles.js';
import { oracleDir, repoRoot, sharedDir } from '../helpers/paths.js';
import { scratchDir } from '../helpers/scratch.js';

const KWS = join(sharedDir, 'models', 'mlperf-tiny-kws-dscnn', 'kws_ref_model.tflite');
const ADD = join(sharedDir, 'models', 'tflm-simple-add', 'simple_add_model.tflite');
const MOBILENET = join(sharedDir, 'models', 'tflm-mobilenet-v2-pytorch', 'mobilenet_v2_quantized_1x3x224x224.tflite');
const CASES = join(oracleDir, 'mlperf-tiny-kws-dscnn__kws_ref_model');
const env = { ...process.env, INGOT_CACHE_DIR: join(deviceCacheDir, 'cli') };
const ingot = (args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'bin', 'ingot.js'), ...args], { encoding: 'utf8', env });

/** Raw bytes of an oracle .npy file's data. */
const rawOf = (file: string): Buffer => {
  const a = parseNpy(new Uint8Array(readFileSync(file)));
  return Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength);
};

function compileKws(target: string): string {
  const dir = join(scratchDir('ingot-dev-cli-'), 'kws');
  const r = ingot(['compile', KWS, '--target', target, '-o', dir]);
  if (r.status !== 0) throw new Error(r.stderr);
  return dir;
}

test('a cortex-m4 bundle runs under QEMU through `ingot run`, equal to TFLite Micro', (t) => {
  const dir = compileKws('cortex-m4');
  for (const f of ['board/startup.c', 'board/mps2.ld', 'board/sections.ld', 'example/main.c', 'cmake/toolchain.cmake']) t.true(existsSync(join(dir, f)), f);
  t.false(existsSync(join(dir, 'board', 'microbit.ld')), 'only the linker scripts the board uses');
  for (const name of ['rand_0', 'rand_5']) {
    const out = join(scratchDir('ingot-dev-out-'), 'y.npy');
    const r = ingot(['run', dir, '-i', join(CASES, `${name}.in0.npy`), '-o', out]);
    t.is(r.status, 0, r.stderr);
    t.regex(r.stderr, /^cortex-m4 on QEMU mps2-an386 .*: \d+ instructions per inference, stack high-water \d+ B \(\d+ B in the model\)\n$/);
    t.deepEqual(compareFiles([out], [join(CASES, `${name}.out0.npy`)], name), []);
  }
});

test('`ingot run` on a device bundle checks inputs like a host run and writes nothing on failure', (t) => {
  const dir = compileKws('riscv32');
  const out = join(scratchDir('ingot-dev-out-'), 'never.npy');
  const r = ingot(['run', dir, '-i', join(oracleDir, 'tflm-hello-world__hello_world_int8', 'rand_0.in0.npy'), '-o', out]);
  t.is(r.status, 1);
  t.regex(r.stderr, /^error\[input\/shape\]: input 0 'input_1' has shape \[1,49,10,1\], the given array has \[1,1\]/);
  t.false(existsSync(out));
});

test('the bundle builds and runs with its own Makefile and with CMake and its toolchain file, as a user would', (t) => {
  const dir = compileKws('cortex-m55');
  writeFileSync(join(dir, 'input0.bin'), Buffer.concat([rawOf(join(CASES, 'rand_1.in0.npy')), rawOf(join(CASES, 'rand_2.in0.npy'))]));
  const expected = Buffer.concat([rawOf(join(CASES, 'rand_1.out0.npy')), rawOf(join(CASES, 'rand_2.out0.npy'))]);
  const clean = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' };
  execFileSync('make', ['-s', 'run'], { cwd: dir, env: clean, stdio: 'ignore' });
  t.true(readFileSync(join(dir, 'output0.bin')).equals(expected));

  writeFileSync(join(dir, 'output0.bin'), '');
  const build = join(dir, 'cmake-build');
  execFileSync('cmake', ['-S', dir, '-B', build, `-DCMAKE_TOOLCHAIN_FILE=${join(dir, 'cmake', 'toolchain.cmake')}`], { env: clean, stdio: 'ignore' });
  execFileSync('cmake', ['--build', build, '--target', 'run'], { env: clean, stdio: 'ignore' });
  t.true(existsSync(join(build, 'kws_ref_model_example.elf')));
  t.true(readFileSync(join(dir, 'output0.bin')).equals(expected));
});

test('`make run-profile` prints instructions per layer', (t) => {
  const dir = compileKws('cortex-m4');
  const r = spawnSync('make', ['-s', 'run-profile'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
  t.is(r.status, 0, r.stderr);
  const text = r.stdout + r.stderr;
  t.regex(text, /inferences 1 \(no input files: zeros\)/);
  t.is([...text.matchAll(/^layer \d+ \d+ /gm)].length, 13);
});

test('a model over the typical part fails compile with both numbers unless --allow-oversize, and budgets always apply', (t) => {
  const base = scratchDir('ingot-dev-budget-');
  const ram = ingot(['compile', ADD, '--target', 'microbit', '-o', join(base, 'add')]);
  t.is(ram.status, 1);
  t.regex(ram.stderr, /^error\[size\/over-ram\]: the bundle needs about \d+ bytes of RAM \(arena 32768 \+ stack ~\d+\); a typical microbit part has 16384 — pass --allow-oversize/);
  const flash = ingot(['compile', MOBILENET, '--target', 'cortex-m0plus', '-o', join(base, 'mobilenet')]);
  t.is(flash.status, 1);
  t.regex(flash.stderr, /^error\[size\/over-flash\]: the bundle needs about \d+ bytes of flash \(code ~\d+ \+ weights \d+\); a typical cortex-m0plus part has 262144 and about \d+ bytes of RAM \(arena \d+ \+ stack ~\d+\), over its 32768 — pass --allow-oversize/);
  t.deepEqual(readdirSync(base), []);
  t.is(ingot(['compile', ADD, '--target', 'microbit', '--allow-oversize', '-o', join(base, 'add')]).status, 0);

  const maxFlash = ingot(['compile', KWS, '--target', 'cortex-m4', '--max-flash', '20000', '-o', join(base, 'kws')]);
  t.is(maxFlash.status, 1);
  t.regex(maxFlash.stderr, /^error\[size\/over-flash\]: the bundle needs about \d+ bytes of flash \(code ~\d+ \+ weights \d+\), over the --max-flash budget of 20000 bytes/);
  const maxRam = ingot(['compile', KWS, '--target', 'cortex-m4', '--max-ram', '16000', '--allow-oversize', '-o', join(base, 'kws')]);
  t.is(maxRam.status, 1);
  t.regex(maxRam.stderr, /^error\[size\/over-ram\]: the bundle needs about \d+ bytes of RAM \(arena \d+ \+ stack ~\d+\), over the --max-ram budget of 16000 bytes/);
  t.false(existsSync(join(base, 'kws')));
  t.is(ingot(['compile', KWS, '--target', 'cortex-m4', '--max-ram', '32768', '--max-flash', '65536', '-o', join(base, 'kws')]).status, 0);
});

test('--speed keeps a target kernel the RAM-aware default leaves out; with --portable it is a usage error', (t) => {
  const speech = join(sharedDir, 'models', 'tflm-micro-speech', 'micro_speech_quantized.tflite');
  const base = scratchDir('ingot-dev-speed-');
  const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { plan: { arenaBytes: number }; layers: Array<{ kernel: string }> };
  t.is(ingot(['compile', speech, '-t', 'cortex-m4', '-o', join(base, 'default')]).status, 0);
  t.is(ingot(['compile', speech, '-t', 'cortex-m4', '--speed', '-o', join(base, 'speed')]).status, 0);
  const [plain, fast] = [manifest(join(base, 'default')), manifest(join(base, 'speed'))];
  // The DSP depthwise kernel's int16 plane would grow the arena past 1/16, so the default keeps the portable one.
  t.true(plain.layers.some((l) => l.kernel === 'depthwise_conv2d/portable'));
  t.true(fast.layers.some((l) => l.kernel === 'depthwise_conv2d/dsp'));
  t.true(fast.plan.arenaBytes > plain.plan.arenaBytes * (1 + 1 / 16), `${fast.plan.arenaBytes} vs ${plain.plan.arenaBytes}`);
  const both = ingot(['compile', speech, '-t', 'cortex-m4', '--speed', '--portable', '-o', join(base, 'both')]);
  t.is(both.status, 2);
  t.regex(both.stderr, /--portable and --speed contradict each other/);
  t.false(existsSync(join(base, 'both')));
});

test('`ingot report --json` gives predicted beside measured sizes: weights and arena exact, flash and RAM within 5 %', (t) => {
  const dir = compileKws('cortex-m4');
  const r = ingot(['report', dir, '--json']);
  t.is(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { rows: Array<{ item: string; predicted?: number; measured?: number }>; flash: { predicted: number; measured: number }; ram: { predicted: number; measured: number } };
  const row = (item: string) => report.rows.find((x) => x.item === item)!;
  t.is(row('weights').predicted, row('weights').measured);
  t.is(row('arena').predicted, row('arena').measured);
  t.true(row('stack (below _invoke)').measured! > 0);
  t.true(Math.abs(report.flash.predicted - report.flash.measured) <= 0.05 * report.flash.measured, JSON.stringify(report.flash));
  t.true(Math.abs(report.ram.predicted - report.ram.measured) <= 0.05 * report.ram.measured, JSON.stringify(report.ram));
  const text = ingot(['report', dir]);
  t.regex(text.stdout, /^kws_ref_model for cortex-m4 \(target kernels\)\n/);
  t.regex(text.stdout, /\nflash +[\d,]+ +[\d,]+ +[+-]\d+\.\d %\n/);
});

test('`ingot report` on a host bundle, whose stack no board measures, compares RAM without the stack on both sides', (t) => {
  const dir = compileKws('host');
  const r = ingot(['report', dir, '--json']);
  t.is(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { rows: Array<{ item: string; predicted?: number; measured?: number }>; ram: { predicted: number; measured: number; stackMeasured: boolean }; hasPart: boolean };
  const row = (item: string) => report.rows.find((x) => x.item === item)!;
  t.false(report.ram.stackMeasured);
  t.false(report.hasPart);
  t.is(row('stack (below _invoke)').measured, undefined);
  // Arena and static data are exact, so like with like the RAM figures agree.
  t.is(report.ram.predicted, report.ram.measured);
  t.is(row('RAM without stack').predicted, row('arena').predicted! + row('static data (.data + .bss)').predicted!);
  const text = ingot(['report', dir]).stdout;
  t.regex(text, /\nRAM without stack +[\d,]+ +[\d,]+ +equal\n/);
  t.regex(text, /the stack is not measured/);
  t.notRegex(text, /typical host part/);
});

test('`ingot bench` per-layer counts leave out the profiling hooks\' own instructions: on a tiny model they add up to the total', (t) => {
  const hello = join(sharedDir, 'models', 'tflm-hello-world', 'hello_world_int8.tflite');
  const r = ingot(['bench', hello, '--target', 'cortex-m4', '--json']);
  t.is(r.status, 0, r.stderr);
  const b = JSON.parse(r.stdout) as { instructions: number; layers: Array<{ instructions: number }> };
  t.is(b.layers.length, 3);
  t.true(b.layers.every((l) => l.instructions > 0));
  // The mps2 SysTick counts in steps of 40 instructions (25 MHz, one instruction per ns): one step per layer at most.
  // With the hooks' ~80 instructions per layer left in, the layers overshot the 1,440 total by 240.
  const sum = b.layers.reduce((n, l) => n + l.instructions, 0);
  t.true(Math.abs(sum - b.instructions) <= 40 * b.layers.length, `layers ${sum} vs total ${b.instructions}`);
});

test('`ingot bench` counts instructions per inference and per layer; --portable compiles the portable kernels', (t) => {
  const r = ingot(['bench', KWS, '--target', 'cortex-m4', '--portable', '--json']);
  t.is(r.status, 0, r.stderr);
  const b = JSON.parse(r.stdout) as { kernels: string; instructions: number; macs: number; stackBytes: number; layers: Array<{ macs: number; instructions: number }> };
  t.is(b.kernels, 'portable');
  t.is(b.layers.length, 13);
  t.is(b.macs, b.layers.reduce((n, l) => n + l.macs, 0));
  t.true(b.macs > 0);
  t.true(b.stackBytes > 0);
  const sum = b.layers.reduce((n, l) => n + l.instructions, 0);
  t.true(Math.abs(sum - b.instructions) <= 0.02 * b.instructions, `layers ${sum} vs total ${b.instructions}`);
  const text = ingot(['bench', KWS, '--target', 'cortex-m4']);
  t.is(text.status, 0, text.stderr);
  t.regex(text.stdout, /\ninstructions per inference +[\d,]+\n/);
  t.regex(text.stdout, /\nMACs per instruction +\d\.\d{3}\n/);
  const host = ingot(['bench', KWS]);
  t.is(host.status, 1);
  t.regex(host.stderr, /^error\[cli\/bad-argument\]: benchmarking a model needs --target/);
});
