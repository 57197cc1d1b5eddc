/**
 * Many bundles in one test program. Building and launching one program per
 * model costs more than running it (127 SEANet models × several compilers),
 * so this links the generated sources of many bundles with one generated
 * driver that runs any of them on .npy files. Every bundle keeps its own
 * symbols (they are all prefixed by the bundle name), so they link side by
 * side. The driver reads a script on stdin:
 *
 *   model <name>      select a bundle
 *   in <path>         the next input (.npy)
 *   out <path>        where the next output goes
 *   run               invoke and write the outputs
 *   batch <n>         the inputs hold n samples stacked on a new first axis:
 *                     invoke once per sample, outputs stacked the same way
 *   stream <n>        as batch, but the samples are frames of one stream
 *
 * Each run and each batch sample is one inference from the start: a bundle
 * that keeps state between invokes is reset before it. A stream is reset
 * once, before its first frame, and its state carries over between frames.
 * The driver stops at the first error with a non-zero status.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildKey } from '../../compiler/bundle/host-build.js';
import { writeFiles } from '../../compiler/bundle/folder.js';
import type { CompileResult } from '../../compiler/compile.js';
import { NPY_DESCR } from '../../compiler/emit-c/io.js';
import type { DType } from '../../compiler/ir/index.js';
import { testCacheDir, type BuildVariant } from './c-bundles.js';

export interface Driver {
  program: string;
}

function driverSource(results: readonly CompileResult[]): string {
  const lines: string[] = ['#include <stdio.h>', '#include <stdlib.h>', '#include <string.h>', '#include "ingot_npy.h"'];
  for (const r of results) lines.push(`#include "${r.bundle.name}.h"`);
  const maxArena = Math.max(16, ...results.map((r) => r.plan.arenaBytes));
  lines.push(`static uint8_t arena[${maxArena}] INGOT_ALIGNED(16);`);
  lines.push('typedef struct { const char *descr; size_t count, item; int rank; int dims[8]; } io_t;');
  lines.push('typedef struct { const char *name; int n_in, n_out; int (*invoke)(void *); int (*reset)(void *); void *(*in)(int); const void *(*out)(int); io_t ins[8]; io_t outs[8]; } model_t;');
  results.forEach((r, k) => {
    const m = r.manifest;
    lines.push(`static void *in_${k}(int i) { switch (i) { ${m.inputs.map((_, i) => `case ${i}: return (void *)${m.name}_input${i}(arena);`).join(' ')} default: return NULL; } }`);
    lines.push(`static const void *out_${k}(int i) { switch (i) { ${m.outputs.map((_, i) => `case ${i}: return (const void *)${m.name}_output${i}(arena);`).join(' ')} default: return NULL; } }`);
  });
  const io = (x: CompileResult['manifest']['inputs'][number]): string =>
    `{"${NPY_DESCR[x.dtype as DType]}", ${x.elements}, ${x.bytes / Math.max(1, x.elements)}, ${x.shape.length}, {${x.shape.length ? x.shape.join(', ') : '0'}}}`;
  lines.push('static const model_t models[] = {');
  results.forEach((r, k) => {
    const m = r.manifest;
    lines.push(`  {"${m.name}", ${m.inputs.length}, ${m.outputs.length}, ${m.name}_invoke, ${r.plan.stateBytes > 0 ? `${m.name}_reset` : 'NULL'}, in_${k}, out_${k}, {${m.inputs.map(io).join(', ') || '{0}'}}, {${m.outputs.map(io).join(', ') || '{0}'}}},`);
  });
  lines.push('};');
  lines.push(`
int main(void) {
  char line[4096];
  const model_t *m = NULL;
  int n_in = 0, n_out = 0, i;
  char ins[8][4096], outs[8][4096];
  while (fgets(line, sizeof line, stdin) != NULL) {
    char *arg = strchr(line, ' ');
    line[strcspn(line, "\\n")] = '\\0';
    if (arg != NULL) *arg++ = '\\0';
    if (strcmp(line, "model") == 0 && arg != NULL) {
      m = NULL;
      for (i = 0; i < (int)(sizeof models / sizeof models[0]); i++) if (strcmp(models[i].name, arg) == 0) m = &models[i];
      if (m == NULL) { fprintf(stderr, "error: no model %s\\n", arg); return 2; }
      n_in = n_out = 0;
    } else if (strcmp(line, "in") == 0 && m != NULL && arg != NULL && n_in < m->n_in) {
      strcpy(ins[n_in++], arg);
    } else if (strcmp(line, "out") == 0 && m != NULL && arg != NULL && n_out < m->n_out) {
      strcpy(outs[n_out++], arg);
    } else if (strcmp(line, "run") == 0 && m != NULL && n_in == m->n_in && n_out == m->n_out) {
      int status;
      for (i = 0; i < n_in; i++) {
        const io_t *x = &m->ins[i];
        if (ingot_npy_read(ins[i], x->descr, x->count, x->item, m->in(i)) != 0) return 1;
      }
      if (m->reset != NULL) m->reset(arena);
      status = m->invoke(arena);
      if (status != INGOT_OK) { fprintf(stderr, "error: %s: %s\\n", m->name, ingot_status_string(status)); return 1; }
      for (i = 0; i < n_out; i++) {
        const io_t *x = &m->outs[i];
        if (ingot_npy_write(outs[i], x->descr, x->rank, x->dims, m->out(i), x->count * x->item) != 0) return 1;
      }
      n_in = n_out = 0;
    } else if ((strcmp(line, "batch") == 0 || strcmp(line, "stream") == 0) && m != NULL && arg != NULL && n_in == m->n_in && n_out == m->n_out) {
      /* batch: each sample from the model's reset; stream: the samples are frames run in order from one reset. */
      const int stream = line[0] == 's';
      const long n = strtol(arg, NULL, 10);
      unsigned char *in_data[8] = {0}, *out_data[8] = {0};
      long s;
      int status = INGOT_OK;
      if (n <= 0) { fprintf(stderr, "error: bad batch size %s\\n", arg); return 2; }
      for (i = 0; i < n_in; i++) {
        const io_t *x = &m->ins[i];
        in_data[i] = (unsigned char *)malloc(x->count * x->item * (size_t)n + 1);
        if (in_data[i] == NULL || ingot_npy_read(ins[i], x->descr, x->count * (size_t)n, x->item, in_data[i]) != 0) return 1;
      }
      for (i = 0; i < n_out; i++) {
        out_data[i] = (unsigned char *)malloc(m->outs[i].count * m->outs[i].item * (size_t)n + 1);
        if (out_data[i] == NULL) return 1;
      }
      for (s = 0; s < n && status == INGOT_OK; s++) {
        for (i = 0; i < n_in; i++) memcpy(m->in(i), in_data[i] + (size_t)s * m->ins[i].count * m->ins[i].item, m->ins[i].count * m->ins[i].item);
        if (m->reset != NULL && (!stream || s == 0)) m->reset(arena);
        status = m->invoke(arena);
        for (i = 0; i < n_out; i++) memcpy(out_data[i] + (size_t)s * m->outs[i].count * m->outs[i].item, m->out(i), m->outs[i].count * m->outs[i].item);
      }
      if (status != INGOT_OK) { fprintf(stderr, "error: %s: %s\\n", m->name, ingot_status_string(status)); return 1; }
      for (i = 0; i < n_out; i++) {
        const io_t *x = &m->outs[i];
        int dims[9], d;
        dims[0] = (int)n;
        for (d = 0; d < x->rank; d++) dims[d + 1] = x->dims[d];
        if (ingot_npy_write(outs[i], x->descr, x->rank + 1, dims, out_data[i], x->count * x->item * (size_t)n) != 0) return 1;
        free(out_data[i]);
      }
      for (i = 0; i < n_in; i++) free(in_data[i]);
      n_in = n_out = 0;
    } else {
      fprintf(stderr, "error: bad script line '%s'\\n", line);
      return 2;
    }
  }
  return 0;
}`);
  return lines.join('\n') + '\n';
}

function driverMakefile(stems: readonly string[], cflags: string, ldflags: string, cc: string): string {
  const objs = stems.flatMap((s) => [`obj/${s}.o`, `obj/${s}_weights.o`]);
  const rules = stems.map((s) => {
    const inc = `-Ib/${s}/include -Ib/${s}/runtime`;
    return `obj/${s}.o: b/${s}/src/${s}.c\n\t$(CC) $(FLAGS) ${inc} -c $< -o $@\nobj/${s}_weights.o: b/${s}/src/${s}_weights.c\n\t$(CC) $(FLAGS) ${inc} -c $< -o $@\n`;
  });
  const first = stems[0]!;
  return `CC = ${cc}
FLAGS = -std=c99 -ffp-contract=off ${cflags}
driver: obj/driver.o obj/ingot_npy.o ${objs.join(' ')}
\t$(CC) ${ldflags} $^ -lm -o $@
obj/driver.o: driver.c
\t$(CC) $(FLAGS) -Ib/${first}/runtime -Ib/${first}/example ${stems.map((s) => `-Ib/${s}/include`).join(' ')} -c $< -o $@
obj/ingot_npy.o: b/${first}/example/ingot_npy.c
\t$(CC) $(FLAGS) -c $< -o $@
${rules.join('')}`;
}

/** Builds (or reuses from the cache) one driver program holding every given bundle. */
export async function buildDriver(results: readonly CompileResult[], variant: BuildVariant): Promise<Driver> {
  const h = createHash('sha256');
  for (const r of results) h.update(buildKey(r.bundle.files, { cacheDir: '' }) + '\n');
  h.update(JSON.stringify(variant.make));
  const dir = join(testCacheDir, 'drivers', `${variant.id}-${h.digest('hex').slice(0, 24)}`);
  const program = join(dir, 'driver');
  if (existsSync(program)) return { program };
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  for (const r of results) writeFiles(join(tmp, 'b', r.bundle.name), r.bundle.files);
  mkdirSync(join(tmp, 'obj'), { recursive: true });
  writeFileSync(join(tmp, 'driver.c'), driverSource(results));
  writeFileSync(join(tmp, 'Makefile'), driverMakefile(results.map((r) => r.bundle.name), variant.make['CFLAGS'] ?? '-O2', variant.make['LDFLAGS'] ?? '', variant.make['CC'] ?? 'gcc'));
  await new Promise<void>((resolve, reject) => {
    execFile('make', ['-s', '-j2', 'driver'], { cwd: tmp, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`driver build failed (${variant.id}):\n${stderr.slice(0, 4000)}\n${stdout.slice(0, 2000)}`));
      else resolve();
    });
  });
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return { program };
}

export interface DriverCase {
  inputs: readonly string[];
  outputs: readonly string[];
  /** Frames of a stream (stacked in the files, run in order from one reset); absent or 1: one inference. */
  frames?: number;
}

/** Runs cases of one bundle through the driver (one process for all of them). */
export function runDriver(driver: Driver, stem: string, cases: readonly DriverCase[]): Promise<void> {
  const command = (c: DriverCase): string => ((c.frames ?? 1) > 1 ? `stream ${c.frames}` : 'run');
  return runScript(driver, stem, [`model ${stem}`, ...cases.flatMap((c) => [...c.inputs.map((i) => `in ${i}`), ...c.outputs.map((o) => `out ${o}`), command(c)])]);
}

/**
 * Runs `count` samples through one bundle in one process: each input file
 * holds the samples stacked on a new first axis, and each output file gets
 * the outputs stacked the same way.
 */
export function runDriverBatch(driver: Driver, stem: string, count: number, inputs: readonly string[], outputs: readonly string[]): Promise<void> {
  return runScript(driver, stem, [`model ${stem}`, ...inputs.map((i) => `in ${i}`), ...outputs.map((o) => `out ${o}`), `batch ${count}`]);
}

function runScript(driver: Driver, stem: string, lines: readonly string[]): Promise<void> {
  const script = lines.join('\n') + '\n';
  return new Promise((resolve, reject) => {
    const child = execFile(driver.program, [], { maxBuffer: 16 << 20 }, (err, _stdout, stderr) => {
      if (err) reject(new Error(`driver failed for ${stem}: ${stderr.slice(0, 4000)}`));
      else resolve();
    });
    child.stdin?.end(script);
  });
}
