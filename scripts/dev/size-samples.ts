/**
 * The bundles the size models are calibrated on, built and measured for one
 * target: the whole oracle models, the SEANet single-layer models, and every
 * distinct layer of the whole models compiled alone (a one-op graph with the
 * layer's inputs as graph inputs), which gives the many small, varied
 * bundles a code-size model of small bundles needs. Each bundle's library
 * objects are built and measured with the target's size tool and its
 * `_invoke` stack measured on the target's measuring board.
 *
 * Measuring a bundle takes seconds, so measurements are kept in a JSON file
 * per target in the calibration cache, keyed by the bundle's content:
 * refitting after a change to the size model (which only reads the sources)
 * costs nothing, and a changed kernel is measured again.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile, type CompileResult } from '../../compiler/compile.js';
import { fitsBoard, measuringBoard } from '../../compiler/device/example-run.js';
import { measureBundle } from '../../compiler/device/measure-bundle.js';
import { buildHostBundle } from '../../compiler/bundle/host-build.js';
import { importModel } from '../../compiler/import/index.js';
import type { Graph } from '../../compiler/ir/index.js';
import type { Target } from '../../targets/index.js';
import { modelBytes, oracleEntry } from '../../test/helpers/oracle.js';
import { seanetModels, WHOLE_MODELS } from '../../test/helpers/oracle-models.js';
import { repoRoot } from '../../test/helpers/paths.js';

/** Where calibration builds and measurements are cached. */
export const calibrationCacheDir = join(repoRoot, 'node_modules', '.cache', 'ingot-calibrate');

export interface SizeSample {
  /** `model`, `seanet/<layer>` or `model#op<index>`. */
  id: string;
  group: 'model' | 'layer' | 'op';
  graph: Graph;
  result: CompileResult;
  measured: Measured;
}

export interface Measured {
  /** The code object's .text + .rodata + .data: kernels, call sequence, API, kernel tables. */
  code: number;
  flash: number;
  /** Stack below the `_invoke` call, measured on the board. */
  stack: number;
  /** Bytes of each function in the code object (`nm -S`), by name. */
  functions: Record<string, number>;
  /** The stack frame of each function (the compiler's `-fstack-usage`), by name. */
  frames: Record<string, number>;
}

/** The whole models the device tests run (MobileNet v2 is too slow under QEMU). */
const MODELS = WHOLE_MODELS.filter((id) => !id.includes('mobilenet_v2'));

/** The one-op graph that runs `op` of `graph` alone: its non-constant inputs become graph inputs. */
export function singleOpGraph(graph: Graph, opIndex: number): Graph {
  const op = graph.ops[opIndex]!;
  const inputs = [...new Set(op.inputs.filter((i) => i >= 0 && graph.tensors[i]!.data === undefined))];
  return { ...graph, name: `${graph.name}_op${opIndex}`, ops: [op], inputs, outputs: [...op.outputs] };
}

function importOracle(id: string): Graph {
  return importModel(modelBytes(oracleEntry(id)), id.split('__')[1]!);
}

/** Every calibration graph: whole models, SEANet layers, and each whole model's layers alone. */
export function calibrationGraphs(): Array<{ id: string; group: SizeSample['group']; graph: Graph }> {
  const out: Array<{ id: string; group: SizeSample['group']; graph: Graph }> = [];
  for (const id of MODELS) {
    const graph = importOracle(id);
    out.push({ id: graph.name, group: 'model', graph });
    graph.ops.forEach((_, k) => out.push({ id: `${graph.name}#op${k}`, group: 'op', graph: singleOpGraph(graph, k) }));
  }
  for (const e of seanetModels()) out.push({ id: `seanet/${e.id.split('__')[1]!}`, group: 'layer', graph: importOracle(e.id) });
  return out;
}

/** The bundle's library, built (once) with its Makefile and the target's toolchain. */
function libraryBuild(result: CompileResult, target: Target): Promise<{ dir: string }> {
  const tc = target.toolchain;
  return buildHostBundle(result.manifest.name, result.bundle.files, {
    cacheDir: calibrationCacheDir,
    goal: 'lib',
    program: `build/lib${result.manifest.name}.a`,
    make: { CC: tc.cc, AR: tc.ar, CFLAGS: tc.cflags.join(' ') },
  });
}

/** The stack frame of every function of the code object: the source compiled again with `-fstack-usage`, flags as the Makefile's. */
async function frameSizes(result: CompileResult, target: Target): Promise<Record<string, number>> {
  const stem = result.manifest.name;
  const build = await libraryBuild(result, target);
  const out = join(build.dir, 'build', 'stack-usage.o');
  execFileSync(target.toolchain.cc, ['-std=c99', '-ffp-contract=off', '-Iinclude', '-Iruntime', ...target.toolchain.cflags, '-fstack-usage', '-c', `src/${stem}.c`, '-o', out], { cwd: build.dir });
  const frames: Record<string, number> = {};
  for (const line of readFileSync(out.replace(/\.o$/, '.su'), 'utf8').split('\n')) {
    const m = /:([\w.]+)\t(\d+)\t/.exec(line);
    if (m) frames[m[1]!] = Number(m[2]);
  }
  return frames;
}

/** The functions of a bundle's code object and their sizes, read with the toolchain's `nm` from the (cached) library build. */
async function functionSizes(result: CompileResult, target: Target): Promise<Record<string, number>> {
  const stem = result.manifest.name;
  const tc = target.toolchain;
  const build = await libraryBuild(result, target);
  const nm = tc.size.replace(/size$/, 'nm');
  const out = execFileSync(nm, ['-S', '--size-sort', join(build.dir, 'build', `${stem}.o`)], { encoding: 'utf8' });
  const sizes: Record<string, number> = {};
  for (const line of out.split('\n')) {
    const [, size, type, name] = line.trim().split(/\s+/);
    if (name !== undefined && /^[tT]$/.test(type ?? '')) sizes[name] = Number.parseInt(size!, 16);
  }
  return sizes;
}

/** The key of a bundle's measurement: its C sources and build files, and the target. */
function measureKey(result: CompileResult, target: Target): string {
  const h = createHash('sha256').update(target.id);
  for (const f of result.bundle.files) if (!f.path.endsWith('manifest.json')) h.update(f.path).update(f.bytes);
  return h.digest('hex').slice(0, 32);
}

/**
 * Compiles and measures every calibration graph for the target (skipping
 * those that do not fit its board, and one-op bundles whose code equals one
 * already measured). `progress` hears of each new measurement.
 */
export async function sizeSamples(target: Target, progress: (line: string) => void = () => {}): Promise<SizeSample[]> {
  mkdirSync(calibrationCacheDir, { recursive: true });
  const file = join(calibrationCacheDir, `samples-${target.id}.json`);
  const cache: Record<string, Measured> = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, Measured>) : {};
  const board = measuringBoard(target);
  const samples: SizeSample[] = [];
  const seenCode = new Set<string>();
  for (const { id, group, graph } of calibrationGraphs()) {
    let result: CompileResult;
    try {
      result = compile(graph, { target, allowOversize: true });
    } catch {
      continue; // a layer alone can be something the compiler rejects (e.g. no work at all): not a sample
    }
    if (board && !fitsBoard(result.sizes, board)) continue;
    const source = new TextDecoder().decode(result.bundle.files.find((f) => f.path === `src/${result.manifest.name}.c`)!.bytes);
    const codeKey = source.replace(new RegExp(`\\b${result.manifest.name}`, 'g'), 'M');
    if (group === 'op' && seenCode.has(codeKey)) continue;
    seenCode.add(codeKey);
    const key = measureKey(result, target);
    let measured = cache[key];
    if (measured !== undefined && (measured.functions === undefined || measured.frames === undefined)) {
      measured.functions = await functionSizes(result, target);
      measured.frames = await frameSizes(result, target);
      writeFileSync(file, JSON.stringify(cache));
    }
    if (measured === undefined) {
      // Some bundles cannot run on a measuring board (float models need libm, which the bare-metal AArch64 board lacks): sizes only.
      const m = await measureBundle(result.bundle, target, { cacheDir: calibrationCacheDir, stack: board !== undefined }).catch(() =>
        measureBundle(result.bundle, target, { cacheDir: calibrationCacheDir }),
      );
      measured = { code: m.code.text + m.code.rodata + m.code.data, flash: m.flashBytes, stack: m.invokeStackBytes ?? 0, functions: await functionSizes(result, target), frames: await frameSizes(result, target) };
      cache[key] = measured;
      writeFileSync(file, JSON.stringify(cache));
      progress(`${target.id} ${id}: code ${measured.code} B, stack ${measured.stack} B`);
    }
    samples.push({ id, group, graph, result, measured });
  }
  return samples;
}
