/**
 * The public header `include/<stem>.h`: everything a firmware needs to size
 * and call the model, as `#define`s (arena size and alignment, element
 * counts, bytes, dims, scales, zero points per input and output) and the
 * functions of the API. Tensor names appear only in comments.
 */
import { formatShape } from '../ir/index.js';
import type { IoTensor } from './io.js';
import { cFloat, cInt } from './literals.js';
import type { BundleNames } from './names.js';
import { CWriter, shorten } from './writer.js';

export interface HeaderInput {
  names: BundleNames;
  modelName: string;
  arenaBytes: number;
  /** Bytes of state kept between invokes (0: the arena holds nothing between calls). */
  stateBytes: number;
  alignment: number;
  inputs: readonly IoTensor[];
  outputs: readonly IoTensor[];
  banner: string;
}

function ioDefines(w: CWriter, macro: string, io: IoTensor): void {
  const p = `${macro}_${io.role.toUpperCase()}${io.position}`;
  w.line();
  w.comment(`${io.role} ${io.position}: ${JSON.stringify(shorten(io.name, 160))} ${io.dtype}${formatShape(io.shape)}`);
  w.line(`#define ${p}_SIZE ${io.count}`);
  w.line(`#define ${p}_BYTES ${io.bytes}`);
  w.line(`#define ${p}_RANK ${io.shape.length}`);
  w.line(`#define ${p}_DIMS {${io.shape.length > 0 ? io.shape.join(', ') : '1'}}`);
  if (io.scale !== undefined) {
    w.line(`#define ${p}_SCALE ${cFloat(io.scale)}`);
    w.line(`#define ${p}_ZERO_POINT ${cInt(io.zeroPoint ?? 0)}`);
  }
}

export function publicHeader(h: HeaderInput): string {
  const { stem, macro } = h.names;
  const guard = `${macro}_H`;
  const w = new CWriter();
  w.line(h.banner);
  w.line(`#ifndef ${guard}`);
  w.line(`#define ${guard}`);
  w.line();
  w.line('#include "ingot_runtime.h"');
  w.line();
  w.line('#ifdef __cplusplus');
  w.line('extern "C" {');
  w.line('#endif');
  w.line();
  w.comment(`model ${JSON.stringify(shorten(h.modelName, 160))}`);
  w.line('/* Bytes of working memory one inference needs, exactly (from the static memory plan). */');
  w.line(`#define ${macro}_ARENA_SIZE ${h.arenaBytes}`);
  w.line('/* The arena must start at an address that is a multiple of this. */');
  w.line(`#define ${macro}_ARENA_ALIGNMENT ${h.alignment}`);
  w.line(`#define ${macro}_NUM_INPUTS ${h.inputs.length}`);
  w.line(`#define ${macro}_NUM_OUTPUTS ${h.outputs.length}`);
  for (const io of [...h.inputs, ...h.outputs]) ioDefines(w, macro, io);

  w.line();
  w.line('/*');
  w.line(` * Runs one inference on an arena of ${macro}_ARENA_SIZE bytes aligned to`);
  w.line(` * ${macro}_ARENA_ALIGNMENT: copies the inputs in, runs every layer, copies`);
  if (h.stateBytes === 0) {
    w.line(' * the outputs out. Returns INGOT_OK or an INGOT_ERROR_* code. The arena');
    w.line(' * holds nothing between calls; one arena per concurrent inference.');
  } else {
    w.line(' * the outputs out. Returns INGOT_OK or an INGOT_ERROR_* code. The model');
    w.line(` * keeps state in the arena between calls (${h.stateBytes} bytes at its end: an`);
    w.line(' * LSTM\'s hidden and cell state), as TFLite Micro keeps variable tensors;');
    w.line(` * call ${stem}_reset once before the first call, and again to start over.`);
    w.line(' * One arena per stream.');
  }
  w.line(' */');
  const params = [
    'void *arena',
    ...h.inputs.map((io) => `const ${io.ctype} *input${io.position}`),
    ...h.outputs.map((io) => `${io.ctype} *output${io.position}`),
  ];
  w.line(`int ${stem}_run(${params.join(', ')});`);
  if (h.stateBytes > 0) {
    w.line();
    w.line('/* Sets the state kept between calls to its start (TFLite Micro\'s reset of variable tensors). */');
    w.line(`int ${stem}_reset(void *arena);`);
  }
  w.line();
  w.line('/*');
  w.line(' * Zero-copy use: write each input where <model>_inputN(arena) points,');
  w.line(' * call <model>_invoke(arena), read each output where <model>_outputN(arena)');
  w.line(' * points. Inputs must be written again before every invoke (the plan');
  w.line(' * reuses their memory during the inference).');
  w.line(' */');
  w.line(`int ${stem}_invoke(void *arena);`);
  for (const io of h.inputs) w.line(`${io.ctype} *${stem}_input${io.position}(void *arena);`);
  for (const io of h.outputs) w.line(`const ${io.ctype} *${stem}_output${io.position}(const void *arena);`);
  w.line();
  w.line(`/* Define ${macro}_STATIC_ARENA when compiling the model to get a static arena instead of placing your own. */`);
  w.line(`#ifdef ${macro}_STATIC_ARENA`);
  w.line(`void *${stem}_static_arena(void);`);
  w.line('#endif');
  w.line();
  w.line('#ifdef __cplusplus');
  w.line('}');
  w.line('#endif');
  w.line();
  w.line(`#endif /* ${guard} */`);
  return w.toString();
}
