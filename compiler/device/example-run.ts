/**
 * Building and running a device bundle's example program. Two ways in:
 *
 * - `buildBundleExample` builds it as a user does, with the bundle's own
 *   Makefile (`make example`, or `make profile`) and the target's cross
 *   compiler, in a cache folder keyed by the bundle's content. `ingot run`
 *   and the device tests use it; it runs on the target's test board.
 * - `buildMeasuringExample` links the same sources with the board files of
 *   the target's measuring board: the board itself where it counts
 *   instructions, else its bare-metal counting twin (AArch64 Linux targets
 *   run under qemu-user, which cannot count). `ingot bench` and `ingot
 *   report` use it.
 *
 * `runExample` feeds raw inputs (N inferences back to back), runs the
 * program under the board's emulator and returns the raw outputs with what
 * the program reported: instructions, stack high-water, per-layer counts.
 */
import type { Target, TestBoard } from '../../targets/index.js';
import { buildHostBundle } from '../bundle/host-build.js';
import type { PredictedSizes } from '../bundle/manifest.js';
import type { BundleFile } from '../bundle/types.js';
import { DEVICE_EXIT, DEVICE_STREAM_FILE, deviceInputFile, deviceOutputFile } from '../emit-c/device-example.js';
import { fail } from '../ir/index.js';
import { buildBoardProgram } from './build.js';
import { runOnBoard } from './run.js';

export interface LayerCount {
  layer: number;
  instructions: number;
  /** The layer's label: source op and name. */
  name: string;
}

/** What the example program printed about its first inference. */
export interface ExampleReport {
  inferences: number;
  /** Instructions of one `<model>_invoke` (0 where the board cannot count). */
  instructions: number;
  /** Deepest stack use of the whole program, in bytes (0 where unknown). */
  stackBytes: number;
  /** The part of it below the `_invoke` call: what the bundle itself needs. */
  invokeStackBytes: number;
  /** Instructions of an empty pair of profiling hooks, part of every layer's count (profile builds only; else 0). */
  profileOverhead: number;
  /** Per-layer instructions as the hooks counted them, their own included (profile builds only). */
  layers: LayerCount[];
}

export interface ExampleRun {
  /** Raw bytes of each output, N inferences back to back. */
  outputs: Uint8Array[];
  report: ExampleReport;
  console: string;
}

export interface ExampleBuildOptions {
  cacheDir: string;
  /** Build with -DINGOT_PROFILE: per-layer instruction counts. */
  profile?: boolean;
}

/** The board an instruction count or stack measurement runs on. */
export function measuringBoard(target: Target): TestBoard | undefined {
  if (target.countingBoard?.countsInstructions) return target.countingBoard;
  return target.board?.countsInstructions ? target.board : undefined;
}

/** Whether a bundle of these predicted sizes fits the board together with the example program. */
export function fitsBoard(sizes: PredictedSizes, board: TestBoard): boolean {
  return sizes.flashBytesEstimate <= board.flashBytes && sizes.arenaBytes + board.reservedRamBytes <= board.ramBytes;
}

/** The bundle's example built with its own Makefile and the target's toolchain; returns the ELF. */
export async function buildBundleExample(stem: string, files: readonly BundleFile[], target: Target, opts: ExampleBuildOptions): Promise<string> {
  if (target.board === undefined) fail('bundle/not-runnable', `target '${target.id}' has no test board to run a device example on`);
  const tc = target.toolchain;
  const build = await buildHostBundle(stem, files, {
    cacheDir: opts.cacheDir,
    goal: opts.profile ? 'profile' : 'example',
    program: opts.profile ? `build/profile/${stem}_example.elf` : `build/${stem}_example.elf`,
    // Explicit, so a CC or CFLAGS in the environment (meant for host builds) cannot leak in.
    make: { CC: tc.cc, AR: tc.ar, CFLAGS: tc.cflags.join(' ') },
  });
  return build.program;
}

/** The bundle's sources and example linked for the target's measuring board; returns the board and the ELF. */
export async function buildMeasuringExample(files: readonly BundleFile[], target: Target, opts: ExampleBuildOptions): Promise<{ board: TestBoard; elf: string }> {
  const board = measuringBoard(target);
  if (board === undefined) fail('bundle/not-runnable', `target '${target.id}' has no board that counts instructions`, { hint: "use 'npm run bench -- c-host' for the host" });
  const decoder = new TextDecoder();
  const sources = files
    .filter((f) => /^(src|include|runtime|example)\/[^/]+\.[ch]$/.test(f.path))
    .map((f) => ({ path: f.path, text: decoder.decode(f.bytes) }));
  if (!sources.some((f) => f.path === 'example/main.c')) fail('bundle/invalid', 'the bundle has no device example program (example/main.c)');
  const program = await buildBoardProgram(target, board, sources, {
    cacheDir: opts.cacheDir,
    includeDirs: ['include', 'runtime', 'src'],
    cflags: opts.profile ? ['-DINGOT_PROFILE'] : [],
  });
  return { board, elf: program.elf };
}

/** Parses the example program's report lines. */
export function parseExampleReport(text: string): ExampleReport {
  const number = (re: RegExp): number => Number(re.exec(text)?.[1] ?? 0);
  const layers = [...text.matchAll(/^layer (\d+) (\d+) ?(.*)$/gm)].map((m) => ({ layer: Number(m[1]), instructions: Number(m[2]), name: m[3] ?? '' }));
  return {
    inferences: number(/inferences (\d+)/),
    instructions: number(/^instructions (\d+)/m),
    stackBytes: number(/^stack (\d+)/m),
    invokeStackBytes: number(/invoke_stack (\d+)/),
    profileOverhead: number(/^profile_overhead (\d+)/m),
    layers,
  };
}

/** The last lines of a program's console, for a diagnostic. */
function tail(text: string): string {
  return text.trim().split('\n').slice(-3).join(' / ') || 'no output';
}

/**
 * Runs the example on `board` with raw inputs (each N inferences long, or
 * none for one inference on zeros) and returns the outputs and report.
 * `stream`: the N inferences are frames of one stream (a stateful model is
 * reset once, before the first).
 */
export async function runExample(board: TestBoard, elf: string, inputs: readonly Uint8Array[], outputCount: number, timeoutMs = 300_000, stream = false): Promise<ExampleRun> {
  const files: Record<string, Uint8Array> = {};
  inputs.forEach((bytes, i) => (files[deviceInputFile(i)] = bytes));
  // The inferences are one stream's frames: the program resets a stateful model once, not before each.
  if (stream) files[DEVICE_STREAM_FILE] = new Uint8Array(0);
  const names = Array.from({ length: outputCount }, (_, i) => deviceOutputFile(i));
  const r = await runOnBoard(board, elf, { inputs: files, outputs: names, timeoutMs });
  if (r.status !== 0) {
    const why = DEVICE_EXIT[r.status] ?? `it exited with status ${r.status}`;
    fail('run/failed', `the example program on ${board.description} failed: ${why} (${tail(r.console)})`);
  }
  const outputs = names.map((n) => r.outputs[n]);
  if (outputs.some((o) => o === undefined)) fail('run/failed', `the example program on ${board.description} wrote no outputs (${tail(r.console)})`);
  // Its report ends every successful run: without it the counts would read as 0.
  if (!/^instructions \d+$/m.test(r.console)) fail('run/failed', `the example program on ${board.description} printed no instruction and stack report (${tail(r.console)})`);
  return { outputs: outputs as Uint8Array[], report: parseExampleReport(r.console), console: r.console };
}
