/**
 * The example program of a device bundle (`example/main.c`), written for
 * the target's QEMU test board through the board layer (`board/`): it reads
 * raw inputs over semihosting straight into the arena (the zero-copy API),
 * times only `<model>_invoke` — as TFLite Micro's benchmarks time only
 * Invoke —, and writes raw outputs back.
 *
 * Files, in the emulator's working folder: `input<i>.bin` holds one or more
 * inferences' worth of input i back to back (N × <MODEL>_INPUT<i>_BYTES);
 * the program runs N inferences and writes `output<i>.bin` the same way. A
 * missing input file means one inference on zeros (for counting). A model
 * with state is reset before each inference, unless a file named `stream`
 * is present: then the inferences are frames of one stream, run from one
 * reset with the state carried over. It prints
 * `instructions`, the stack high-water mark (whole program, and the part
 * below the `_invoke` call), and, built with -DINGOT_PROFILE, the
 * instructions of every layer (through the runtime's profiling hooks), all
 * for the first inference, and those of an empty pair of hooks
 * (`profile_overhead`), which a reader subtracts from each layer's. Exit
 * status 0, or 3 for a bad input file, 4 for a failed write, 5 for an
 * invoke error.
 */
import type { IoTensor } from './io.js';
import type { BundleNames } from './names.js';
import { CWriter } from './writer.js';

/** The file names the device example reads and writes. */
export const deviceInputFile = (position: number): string => `input${position}.bin`;
export const deviceOutputFile = (position: number): string => `output${position}.bin`;
/** Present (any content): the inferences are one stream's frames, reset once before the first. */
export const DEVICE_STREAM_FILE = 'stream';

/** Exit statuses of the device example, for callers that explain a failure. */
export const DEVICE_EXIT: Readonly<Record<number, string>> = {
  1: 'the program faulted',
  3: 'an input file has the wrong size or could not be read',
  4: 'an output file could not be written',
  5: 'the model returned an error status',
};

function profileHooks(w: CWriter, layers: number): void {
  w.line('#ifdef INGOT_PROFILE');
  w.line('/* Per-layer instruction counts of the first inference, through the runtime\'s hooks. */');
  // One slot past the layers: an empty begin/end pair, the hooks' own instructions, subtracted by the reader.
  w.line(`static uint64_t layer_count[${layers + 1}];`);
  w.line(`static const char *layer_name[${layers + 1}];`);
  w.line('static uint64_t layer_start;');
  w.line('static int profiling;');
  w.block('void ingot_profile_begin(const char *model, int layer, const char *name)', () => {
    w.lines(['(void)model;', '(void)layer;', '(void)name;', 'if (profiling) layer_start = ingot_count_now();']);
  });
  w.block('void ingot_profile_end(const char *model, int layer, const char *name)', () => {
    w.line('(void)model;');
    w.block('if (profiling)', () => {
      w.line('layer_count[layer] = ingot_count_now() - layer_start;');
      w.line('layer_name[layer] = name;');
    });
  });
  w.line('#endif');
}

function printHelpers(w: CWriter): void {
  w.block('static void print_number(const char *label, uint64_t value, const char *suffix)', () => {
    w.line('char digits[24];');
    w.line('ingot_board_print(label);');
    w.line('ingot_board_print(ingot_board_format_u64(digits, value));');
    w.line('ingot_board_print(suffix);');
  });
}

/** `stateful`: the model keeps state between invokes; each input is one inference from `<model>_reset`. */
export function deviceExampleSource(names: BundleNames, inputs: readonly IoTensor[], outputs: readonly IoTensor[], layers: number, banner: string, stateful = false): string {
  const { stem, macro } = names;
  const w = new CWriter();
  w.line(banner);
  w.line('#include <string.h>');
  w.line();
  w.line('#include "ingot_board.h"');
  w.line(`#include "${stem}.h"`);
  w.line();
  w.line(`static uint8_t arena[${macro}_ARENA_SIZE > 0 ? ${macro}_ARENA_SIZE : 1] INGOT_ALIGNED(${macro}_ARENA_ALIGNMENT);`);
  w.line();
  profileHooks(w, layers);
  w.line();
  printHelpers(w);
  w.line();
  w.line('/* Inferences held by the input files: 0 when there are none (run once on zeros), -1 when they disagree or are not whole. */');
  w.block('static long count_inferences(void)', () => {
    w.line('long n = -2, size;');
    for (const io of inputs) {
      w.line(`size = ingot_board_file_size("${deviceInputFile(io.position)}");`);
      w.line(`if (size >= 0 && (size == 0 || size % ${io.bytes} != 0)) return -1;`);
      w.line(`size = size < 0 ? 0 : size / ${io.bytes};`);
      w.line('if (n != -2 && n != size) return -1;');
      w.line('n = size;');
    }
    w.line('return n < 0 ? 0 : n;');
  });
  w.line();
  w.block('int main(void)', () => {
    w.line('long n = count_inferences(), k;');
    w.line('int status = INGOT_OK;');
    w.line('uint64_t instructions = 0;');
    w.line('uint32_t stack = 0, stack_at_call = 0;');
    if (stateful) w.line(`const int stream = ingot_board_file_size("${DEVICE_STREAM_FILE}") >= 0;`);
    w.block('if (n < 0)', () => {
      w.line(`ingot_board_print("error: input files must hold the same whole number of inferences (${inputs.map((io) => `${deviceInputFile(io.position)}: ${io.bytes} B each`).join(', ')})\\n");`);
      w.line('return 3;');
    });
    w.line('print_number("model ' + stem + ', inferences ", (uint64_t)(n > 0 ? n : 1), n > 0 ? "\\n" : " (no input files: zeros)\\n");');
    w.block('for (k = 0; k < (n > 0 ? n : 1); k++)', () => {
      if (stateful) w.line(`if (!stream || k == 0) ${stem}_reset(arena);`);
      for (const io of inputs) {
        const at = `${stem}_input${io.position}(arena)`;
        w.line(`if (n == 0) memset(${at}, 0, ${io.bytes});`);
        w.line(`else if (ingot_board_read_file_at("${deviceInputFile(io.position)}", (size_t)k * ${io.bytes}u, ${at}, ${io.bytes}) != ${io.bytes}) return 3;`);
      }
      w.block('if (k == 0)', () => {
        w.line('#ifdef INGOT_PROFILE');
        w.line('profiling = 1;');
        w.line('#endif');
        w.line('ingot_stack_paint();');
        w.line('stack_at_call = ingot_stack_in_use();');
        w.line('ingot_count_start();');
        w.line(`status = ${stem}_invoke(arena);`);
        w.line('instructions = ingot_count_stop();');
        w.line('__asm__ volatile("" : : "r"(status) : "memory");');
        w.line('stack = ingot_stack_high_water();');
        w.line('#ifdef INGOT_PROFILE');
        w.line('profiling = 0;');
        w.line('#endif');
      });
      w.line(`else status = ${stem}_invoke(arena);`);
      w.block('if (status != INGOT_OK)', () => {
        w.line('ingot_board_print("error: ");');
        w.line('ingot_board_print(ingot_status_string(status));');
        w.line('ingot_board_print("\\n");');
        w.line('return 5;');
      });
      for (const io of outputs) {
        const file = deviceOutputFile(io.position);
        const at = `${stem}_output${io.position}(arena)`;
        w.line(`if ((k == 0 ? ingot_board_write_file("${file}", ${at}, ${io.bytes}) : ingot_board_append_file("${file}", ${at}, ${io.bytes})) != 0) return 4;`);
      }
    });
    w.line('print_number("instructions ", instructions, "\\n");');
    w.line('print_number("stack ", stack, "");');
    w.line('print_number(" invoke_stack ", stack > stack_at_call ? stack - stack_at_call : 0, "\\n");');
    w.line('#ifdef INGOT_PROFILE');
    w.line('/* The hooks\' own instructions in a layer\'s count: an empty pair, run the way _invoke runs them. */');
    w.line('profiling = 1;');
    w.line('ingot_count_start();');
    w.line(`ingot_profile_begin("${stem}", ${layers}, "");`);
    w.line(`ingot_profile_end("${stem}", ${layers}, "");`);
    w.line('(void)ingot_count_stop();');
    w.line('profiling = 0;');
    w.line(`print_number("profile_overhead ", layer_count[${layers}], "\\n");`);
    w.block(`for (k = 0; k < ${layers}; k++)`, () => {
      w.line('print_number("layer ", (uint64_t)k, " ");');
      w.line('print_number("", layer_count[k], " ");');
      w.line('ingot_board_print(layer_name[k] ? layer_name[k] : "");');
      w.line('ingot_board_print("\\n");');
    });
    w.line('#endif');
    w.line('return 0;');
  });
  return w.toString();
}
