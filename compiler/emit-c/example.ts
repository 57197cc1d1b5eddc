/**
 * The bundle's example program (`example/main.c`, host only): reads each
 * input from a .npy file, runs the model on a static arena, writes each
 * output to a .npy file. `-r N` runs N timed inferences and prints their
 * median; built with -DINGOT_PROFILE it prints time per layer. `-s` runs a
 * stream: each input file holds frames stacked on a first axis, run in
 * order from one reset (a stateful model's state carries from frame to
 * frame), and each output file gets the outputs stacked the same way. It is
 * also what `ingot run BUNDLE` and the tests execute.
 */
import type { IoTensor } from './io.js';
import { NPY_DESCR } from './io.js';
import type { BundleNames } from './names.js';
import { CWriter, cString } from './writer.js';

/** `stateful`: the model keeps state between invokes, so each timed run starts from `<model>_reset` (each is one inference from the start). */
export function exampleSource(names: BundleNames, inputs: readonly IoTensor[], outputs: readonly IoTensor[], layers: number, banner: string, stateful = false): string {
  const { stem, macro } = names;
  const w = new CWriter();
  w.line(banner);
  w.line('#define _POSIX_C_SOURCE 199309L');
  w.line('#include <stdio.h>');
  w.line('#include <stdlib.h>');
  w.line('#include <string.h>');
  w.line('#include <time.h>');
  w.line();
  w.line('#include "ingot_npy.h"');
  w.line(`#include "${stem}.h"`);
  w.line();
  w.line(`static uint8_t arena[${macro}_ARENA_SIZE > 0 ? ${macro}_ARENA_SIZE : 1] INGOT_ALIGNED(${macro}_ARENA_ALIGNMENT);`);
  for (const io of inputs) w.line(`static ${io.ctype} input${io.position}_data[${Math.max(1, io.count)}];`);
  for (const io of outputs) w.line(`static const int output${io.position}_dims[${Math.max(1, io.shape.length)}] = {${io.shape.length ? io.shape.join(', ') : '1'}};`);
  w.line();
  w.block('static double now_us(void)', () => {
    w.line('struct timespec t;');
    w.line('clock_gettime(CLOCK_MONOTONIC, &t);');
    w.line('return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;');
  });
  w.line();
  w.line('#ifdef INGOT_PROFILE');
  w.line(`static double layer_us[${Math.max(1, layers)}];`);
  w.line(`static const char *layer_name[${Math.max(1, layers)}];`);
  w.line('static double layer_start;');
  w.block('void ingot_profile_begin(const char *model, int layer, const char *name)', () => {
    w.lines(['(void)model;', '(void)layer;', '(void)name;', 'layer_start = now_us();']);
  });
  w.block('void ingot_profile_end(const char *model, int layer, const char *name)', () => {
    w.lines(['(void)model;', 'layer_us[layer] += now_us() - layer_start;', 'layer_name[layer] = name;']);
  });
  w.line('#endif');
  w.line();
  w.block('static int by_value(const void *x, const void *y)', () => {
    w.line('const double a = *(const double *)x, b = *(const double *)y;');
    w.line('return a < b ? -1 : a > b ? 1 : 0;');
  });
  w.line();
  w.block('static int usage(const char *program)', () => {
    w.line(`fprintf(stderr, "usage: %s [-r RUNS | -s] ${inputs.map(() => '-i IN.npy').join(' ')} ${outputs.map(() => '-o OUT.npy').join(' ')}\\n", program);`);
    w.line('return 2;');
  });
  w.line();
  w.line('/* -s: the input files\' frames in order, from one reset; each output file gets one frame per input frame. */');
  w.block('static int run_stream(const char *const *in_paths, const char *const *out_paths)', () => {
    w.line(`long frames = ${inputs.length === 0 ? 1 : -1}, k;`);
    w.line('int status;');
    if (inputs.length === 0) w.line('(void)in_paths;');
    if (outputs.length === 0) w.line('(void)out_paths;');
    for (const io of inputs) {
      w.line(`k = ingot_npy_frames(in_paths[${io.position}], ${cString(NPY_DESCR[io.dtype]!)}, ${io.count});`);
      w.line('if (k < 0) return 1;');
      if (io.position > 0) w.line('if (k != frames) { fprintf(stderr, "error: the input files hold different numbers of frames\\n"); return 1; }');
      w.line('frames = k;');
    }
    if (stateful) w.line(`${stem}_reset(arena);`);
    w.block('for (k = 0; k < frames; k++)', () => {
      for (const io of inputs) {
        w.line(`if (ingot_npy_read_frame(in_paths[${io.position}], ${cString(NPY_DESCR[io.dtype]!)}, ${io.count}, sizeof(${io.ctype}), k, ${stem}_input${io.position}(arena)) != 0) return 1;`);
      }
      w.line(`status = ${stem}_invoke(arena);`);
      w.line('if (status != INGOT_OK) { fprintf(stderr, "error: frame %ld: %s\\n", k, ingot_status_string(status)); return 1; }');
      for (const io of outputs) {
        w.line(`if (ingot_npy_write_frame(out_paths[${io.position}], ${cString(NPY_DESCR[io.dtype]!)}, ${io.shape.length}, output${io.position}_dims, frames, k, ${stem}_output${io.position}(arena), ${io.bytes}) != 0) return 1;`);
      }
    });
    w.line('return 0;');
  });
  w.line();
  w.block('int main(int argc, char **argv)', () => {
    w.line(`const char *in_paths[${Math.max(1, inputs.length)}] = {0};`);
    w.line(`const char *out_paths[${Math.max(1, outputs.length)}] = {0};`);
    w.line('int n_in = 0, n_out = 0, i, stream = 0;');
    w.line('long runs = 0;');
    w.line('double *times;');
    w.line('int status = INGOT_OK;');
    w.block('for (i = 1; i < argc; i++)', () => {
      w.line(`if (strcmp(argv[i], "-i") == 0 && i + 1 < argc && n_in < ${inputs.length}) in_paths[n_in++] = argv[++i];`);
      w.line(`else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc && n_out < ${outputs.length}) out_paths[n_out++] = argv[++i];`);
      w.line('else if (strcmp(argv[i], "-r") == 0 && i + 1 < argc) runs = strtol(argv[++i], NULL, 10);');
      w.line('else if (strcmp(argv[i], "-s") == 0) stream = 1;');
      w.line('else return usage(argv[0]);');
    });
    w.line(`if (n_in != ${inputs.length} || n_out != ${outputs.length} || runs < 0 || (stream && runs > 0)) return usage(argv[0]);`);
    w.line(`if (stream) return run_stream(in_paths, out_paths);`);
    for (const io of inputs) {
      w.line(`if (ingot_npy_read(in_paths[${io.position}], ${cString(NPY_DESCR[io.dtype]!)}, ${io.count}, sizeof(${io.ctype}), input${io.position}_data) != 0) return 1;`);
    }
    const copyIn = inputs.map((io) => `memcpy(${stem}_input${io.position}(arena), input${io.position}_data, ${io.bytes});`);
    w.line('times = (double *)malloc(sizeof(double) * (size_t)(runs > 0 ? runs : 1));');
    w.line('if (times == NULL) return 1;');
    w.block('for (i = 0; i < (runs > 0 ? runs : 1) && status == INGOT_OK; i++)', () => {
      w.line('double start;');
      if (stateful) w.line(`${stem}_reset(arena);`);
      w.lines(copyIn);
      w.line('start = now_us();');
      w.line(`status = ${stem}_invoke(arena);`);
      w.line('times[i] = now_us() - start;');
    });
    w.block('if (status != INGOT_OK)', () => {
      w.line('fprintf(stderr, "error: %s\\n", ingot_status_string(status));');
      w.line('free(times);');
      w.line('return 1;');
    });
    for (const io of outputs) {
      const bytes = io.bytes;
      w.line(`if (ingot_npy_write(out_paths[${io.position}], ${cString(NPY_DESCR[io.dtype]!)}, ${io.shape.length}, output${io.position}_dims, ${stem}_output${io.position}(arena), ${bytes}) != 0) { free(times); return 1; }`);
    }
    w.block('if (runs > 0)', () => {
      w.line('qsort(times, (size_t)runs, sizeof(double), by_value);');
      w.line('printf("runs %ld median_us %.3f min_us %.3f\\n", runs, times[runs / 2], times[0]);');
    });
    w.line('#ifdef INGOT_PROFILE');
    w.line(`for (i = 0; i < ${layers}; i++) printf("layer %d %.3f us %s\\n", i, layer_us[i] / (double)(runs > 0 ? runs : 1), layer_name[i] ? layer_name[i] : "");`);
    w.line('#endif');
    w.line('free(times);');
    w.line('return 0;');
  });
  return w.toString();
}
