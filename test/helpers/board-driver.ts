/**
 * Many bundles in one device program: the generated sources of several
 * bundles linked with one generated driver and the target's board layer,
 * built once (cached by content) and run under the board's emulator. The
 * driver runs every case file it finds for every model, so one emulator
 * launch covers all cases of all models:
 *
 *   m<M>c<K>i<I>.bin   input I of case K of model M (raw little-endian bytes)
 *   m<M>c<K>o<I>.bin   output I, written back
 *
 * It writes inputs straight into the arena (the zero-copy API), counts the
 * instructions of each `<model>_invoke` and prints `count <M> <K> <N>`.
 * Built with `profile`, it prints `layer <M> <K> <L> <N>` per layer
 * instead (each layer counted alone, through the INGOT_PROFILE hooks).
 */
import { join } from 'node:path';
import type { CompileResult } from '../../compiler/compile.js';
import { buildBoardProgram } from '../../compiler/device/build.js';
import type { SourceFile } from '../../compiler/device/board-files.js';
import { runOnBoard } from '../../compiler/device/run.js';
import type { Target, TestBoard } from '../../targets/index.js';
import { limiter, testCacheDir } from './c-bundles.js';

/** At most two emulators (or cross compilers) at once in one test process. */
export const withEmulator = limiter(2);

export interface BoardProgramSpec {
  target: Target;
  board: TestBoard;
  bundles: readonly CompileResult[];
  profile?: boolean;
}

function driverSource(bundles: readonly CompileResult[]): string {
  const maxArena = Math.max(16, ...bundles.map((r) => r.plan.arenaBytes));
  const maxLayers = Math.max(1, ...bundles.map((r) => r.manifest.layers.length));
  const lines = ['#include <stdint.h>', '#include "ingot_board.h"', '#include "ingot_runtime.h"'];
  for (const r of bundles) lines.push(`#include "${r.bundle.name}.h"`);
  lines.push(`static uint8_t arena[${maxArena}] INGOT_ALIGNED(16);`);
  lines.push('typedef struct { int (*invoke)(void *); int (*reset)(void *); int n_in, n_out; void *(*in)(int); const void *(*out)(int); uint32_t in_bytes[8], out_bytes[8]; } model_t;');
  bundles.forEach((r, k) => {
    const m = r.manifest;
    lines.push(`static void *in_${k}(int i) { switch (i) { ${m.inputs.map((_, i) => `case ${i}: return (void *)${m.name}_input${i}(arena);`).join(' ')} default: return 0; } }`);
    lines.push(`static const void *out_${k}(int i) { switch (i) { ${m.outputs.map((_, i) => `case ${i}: return (const void *)${m.name}_output${i}(arena);`).join(' ')} default: return 0; } }`);
  });
  const sizes = (xs: ReadonlyArray<{ bytes: number }>): string => `{${xs.map((x) => x.bytes).join(', ') || '0'}}`;
  lines.push('static const model_t models[] = {');
  bundles.forEach((r, k) => {
    const m = r.manifest;
    lines.push(`  {${m.name}_invoke, ${r.plan.stateBytes > 0 ? `${m.name}_reset` : '0'}, ${m.inputs.length}, ${m.outputs.length}, in_${k}, out_${k}, ${sizes(m.inputs)}, ${sizes(m.outputs)}},`);
  });
  lines.push('};');
  lines.push(`
/* Appends s without its terminator: each printed line ends with an explicit *p = 0 (the buffer is stack memory, painted for the stack measurement). */
static char *put(char *p, const char *s) { while (*s) *p++ = *s++; return p; }
static char *put_u(char *p, uint64_t v) { char t[24]; return put(p, ingot_board_format_u64(t, v)); }
static char *file_name(char *p, int m, int k, char kind, int i) {
  p = put(p, "m"); p = put_u(p, (uint64_t)m); p = put(p, "c"); p = put_u(p, (uint64_t)k);
  *p++ = kind; p = put_u(p, (uint64_t)i); p = put(p, ".bin"); *p = 0; return p;
}
static int current_model, current_case;
#ifdef INGOT_PROFILE
static uint64_t layer_count[${maxLayers}];
void ingot_profile_begin(const char *model, int layer, const char *name) { (void)model; (void)layer; (void)name; ingot_count_start(); }
void ingot_profile_end(const char *model, int layer, const char *name) { (void)model; (void)name; layer_count[layer] = ingot_count_stop(); }
#endif
int main(void) {
  char name[64], line[96];
  int m, k, i;
  for (m = 0; m < (int)(sizeof models / sizeof models[0]); m++) {
    const model_t *x = &models[m];
    for (k = 0;; k++) {
      int missing = 0;
      uint64_t n;
      int status;
      for (i = 0; i < x->n_in; i++) {
        file_name(name, m, k, 'i', i);
        if (ingot_board_read_file(name, x->in(i), x->in_bytes[i]) != (long)x->in_bytes[i]) missing = 1;
      }
      if (missing) break;
      current_model = m;
      current_case = k;
      /* Each case is one inference from the start: a model with state is reset first. */
      if (x->reset != 0) x->reset(arena);
      ingot_count_start();
      status = x->invoke(arena);
      n = ingot_count_stop();
      __asm__ volatile("" : : "r"(status) : "memory");
      if (status != INGOT_OK) { ingot_board_print("invoke failed\\n"); return 3; }
      for (i = 0; i < x->n_out; i++) {
        file_name(name, m, k, 'o', i);
        if (ingot_board_write_file(name, x->out(i), x->out_bytes[i]) != 0) { ingot_board_print("write failed\\n"); return 4; }
      }
#ifdef INGOT_PROFILE
      for (i = 0; i < ${maxLayers}; i++) {
        char *p = put(line, "layer "); p = put_u(p, (uint64_t)m); p = put(p, " "); p = put_u(p, (uint64_t)k); p = put(p, " ");
        p = put_u(p, (uint64_t)i); p = put(p, " "); p = put_u(p, layer_count[i]); *put(p, "\\n") = 0;
        if (layer_count[i] != 0) ingot_board_print(line);
        layer_count[i] = 0;
      }
#else
      {
        char *p = put(line, "count "); p = put_u(p, (uint64_t)m); p = put(p, " "); p = put_u(p, (uint64_t)k); p = put(p, " ");
        p = put_u(p, n); *put(p, "\\n") = 0;
        ingot_board_print(line);
      }
#endif
    }
  }
  (void)current_model; (void)current_case;
  return 0;
}`);
  return lines.join('\n') + '\n';
}

/** The program's sources: every bundle's C files and headers under `b/<stem>/`, plus the driver. */
function programSources(bundles: readonly CompileResult[]): SourceFile[] {
  const decoder = new TextDecoder();
  const files: SourceFile[] = [{ path: 'driver.c', text: driverSource(bundles) }];
  for (const r of bundles) {
    for (const f of r.bundle.files) {
      if (/^(src|include|runtime)\//.test(f.path)) files.push({ path: `b/${r.bundle.name}/${f.path}`, text: decoder.decode(f.bytes) });
    }
  }
  return files;
}

/** Builds (or takes from the cache) the device program holding these bundles. */
export async function buildBoardDriver(spec: BoardProgramSpec): Promise<string> {
  // Every bundle's runtime folder: they hold the same headers, but each only the optional ones its kernels use.
  const includeDirs = spec.bundles.flatMap((r) => [`b/${r.bundle.name}/runtime`, `b/${r.bundle.name}/include`]);
  const { elf } = await withEmulator(() =>
    buildBoardProgram(spec.target, spec.board, programSources(spec.bundles), {
      cacheDir: join(testCacheDir, 'boards'),
      includeDirs,
      cflags: spec.profile ? ['-DINGOT_PROFILE'] : [],
    }),
  );
  return elf;
}

export interface BoardCase {
  /** Raw bytes of each input. */
  inputs: readonly Uint8Array[];
  /** How many outputs to read back. */
  outputs: number;
}

export interface BoardRun {
  /** outputs[m][k][i]: output i of case k of model m. */
  outputs: Uint8Array[][][];
  /** counts[m][k]: instructions of one invoke (0 where the board cannot count; undefined when profiling). */
  counts: number[][];
  /** layers[m][k][l]: instructions of layer l (profiling builds only). */
  layers: number[][][];
  console: string;
}

/** Runs every case of every model (cases[m] for bundle m) in one emulator launch. */
export async function runBoardDriver(board: TestBoard, elf: string, cases: ReadonlyArray<readonly BoardCase[]>, timeoutMs = 600_000): Promise<BoardRun> {
  const inputs: Record<string, Uint8Array> = {};
  const outputs: string[] = [];
  cases.forEach((list, m) =>
    list.forEach((c, k) => {
      c.inputs.forEach((bytes, i) => (inputs[`m${m}c${k}i${i}.bin`] = bytes));
      for (let i = 0; i < c.outputs; i++) outputs.push(`m${m}c${k}o${i}.bin`);
    }),
  );
  const r = await withEmulator(() => runOnBoard(board, elf, { inputs, outputs, timeoutMs }));
  if (r.status !== 0) throw new Error(`device program failed with status ${r.status}: ${r.console.slice(0, 2000)}`);
  const run: BoardRun = { outputs: [], counts: [], layers: [], console: r.console };
  cases.forEach((list, m) => {
    run.outputs.push(list.map((c, k) => Array.from({ length: c.outputs }, (_, i) => r.outputs[`m${m}c${k}o${i}.bin`] ?? new Uint8Array())));
    run.counts.push(list.map(() => 0));
    run.layers.push(list.map(() => []));
  });
  const counted = new Set<string>();
  for (const match of r.console.matchAll(/^count (\d+) (\d+) (\d+)$/gm)) {
    run.counts[Number(match[1])]![Number(match[2])] = Number(match[3]);
    counted.add(`${match[1]} ${match[2]}`);
  }
  const layerLines = [...r.console.matchAll(/^layer (\d+) (\d+) (\d+) (\d+)$/gm)];
  for (const match of layerLines) run.layers[Number(match[1])]![Number(match[2])]![Number(match[3])] = Number(match[4]);
  // A counting board prints a count for every case (a profiling build, per-layer lines instead):
  // a missing one is a broken program or console, never a count of 0.
  if (board.countsInstructions && layerLines.length === 0) {
    const missing = cases.flatMap((list, m) => list.map((_, k) => `${m} ${k}`)).filter((key) => !counted.has(key));
    if (missing.length > 0) throw new Error(`the device program printed no instruction count for ${missing.length} case(s) (model case: ${missing.slice(0, 3).join(', ')}): ${r.console.slice(0, 500)}`);
  }
  return run;
}
