/**
 * The model's C source: the kernel functions, then the call sequence
 * (`<stem>_invoke`) over the caller's arena, the copying entry point
 * (`<stem>_run`), pointers to the inputs and outputs inside the arena, and
 * the opt-in static arena.
 *
 * Every tensor argument is either `arena + <literal offset>` from the memory
 * plan or a constant array from the weights file.
 */
import { byteSize, cTypeOf, elementCount, fail, isStateTensor, stateInitialValue, type Graph } from '../ir/index.js';
import type { MemoryPlan } from '../plan/index.js';
import type { KernelCall, KernelFunction } from './functions.js';
import type { IoTensor } from './io.js';
import type { BundleNames } from './names.js';
import { CWriter, cString, shorten } from './writer.js';

export interface SourceInput {
  graph: Graph;
  plan: MemoryPlan;
  names: BundleNames;
  functions: readonly KernelFunction[];
  calls: readonly KernelCall[];
  inputs: readonly IoTensor[];
  outputs: readonly IoTensor[];
  /** Optional runtime headers the kernels need (target kernels' intrinsics), sorted. */
  includes?: readonly string[];
  banner: string;
}

/** The C expression of a tensor as a kernel argument (a constant array or an arena slot). */
export function tensorExpression(g: Graph, plan: MemoryPlan, names: BundleNames, tensor: number, writable: boolean): string {
  const t = g.tensors[tensor]!;
  if (t.data !== undefined) return names.weight(tensor);
  const offset = plan.tensorOffsets[tensor];
  if (offset === undefined) {
    fail('backend/unsupported-op', `tensor '${t.name}' has no place in the memory plan`, { tensor: t.name });
  }
  return `(${writable ? '' : 'const '}${cTypeOf(t.dtype)} *)(a + ${offset})`;
}

/** A layer's argument expressions, one per parameter of its kernel emission. */
export function callArguments(s: Pick<SourceInput, 'graph' | 'plan' | 'names'>, call: Pick<KernelCall, 'lowered' | 'emission'>): string[] {
  const { op, opIndex } = call.lowered;
  return call.emission.params.map((p) => {
    switch (p.kind) {
      case 'input': return tensorExpression(s.graph, s.plan, s.names, op.inputs[p.index]!, false);
      case 'output': return tensorExpression(s.graph, s.plan, s.names, op.outputs[p.index]!, true);
      case 'scratch': return `(${p.ctype} *)(a + ${s.plan.scratchOffsets[opIndex]!})`;
      case 'data': return s.names.derived(opIndex, p.name);
    }
  });
}

/** Where an input or output lives, as a byte pointer expression. */
function ioLocation(s: SourceInput, io: IoTensor, arena: string): string {
  return io.offset !== undefined ? `(${arena} + ${io.offset})` : `(const uint8_t *)${s.names.weight(io.tensor)}`;
}

export function modelSource(s: SourceInput): string {
  const { stem, macro } = s.names;
  const w = new CWriter();
  w.line(s.banner);
  w.line('#include <math.h>');
  w.line();
  w.line('#include "ingot_fixed_point.h"');
  w.line('#include "ingot_onnx.h"');
  w.line('#include "ingot_packed.h"');
  w.line('#include "ingot_runtime.h"');
  for (const h of s.includes ?? []) w.line(`#include "${h}"`);
  w.line(`#include "${stem}.h"`);
  w.line(`#include "${stem}_weights.h"`);
  for (const f of s.functions) {
    w.line();
    for (const line of f.text.trimEnd().split('\n')) w.line(line);
  }

  w.line();
  w.block(`int ${stem}_invoke(void *arena)`, () => {
    w.line('uint8_t *a = (uint8_t *)arena;');
    w.line('if (arena == NULL) return INGOT_ERROR_NULL_ARENA;');
    w.line(`if (((uintptr_t)arena % ${macro}_ARENA_ALIGNMENT) != 0) return INGOT_ERROR_MISALIGNED_ARENA;`);
    if (s.calls.every((c) => c.functionName === '')) w.line('(void)a;');
    s.calls.forEach((call, layer) => {
      const { op, opIndex } = call.lowered;
      // Names are shortened: C99 compilers need only accept string literals of 4095 characters.
      const label = cString(shorten(`${op.source ?? op.kind} ${op.name}`, 160));
      w.comment(`layer ${layer}: op ${opIndex} ${op.source ?? op.kind} ${JSON.stringify(shorten(op.name, 160))}${call.functionName === '' ? ' writes no elements' : ''}`);
      if (call.functionName === '') return;
      w.line(`INGOT_PROFILE_BEGIN(${cString(stem)}, ${layer}, ${label});`);
      w.line(`${call.functionName}(${(call.boundArguments ?? callArguments(s, call)).join(', ')});`);
      w.line(`INGOT_PROFILE_END(${cString(stem)}, ${layer}, ${label});`);
    });
    w.line('return INGOT_OK;');
  });

  const state = s.graph.tensors.flatMap((t, i) => (isStateTensor(t) ? [{ t, offset: s.plan.tensorOffsets[i]! }] : []));
  if (state.length > 0) {
    w.line();
    w.block(`int ${stem}_reset(void *arena)`, () => {
      w.line('uint8_t *a = (uint8_t *)arena;');
      w.line('if (arena == NULL) return INGOT_ERROR_NULL_ARENA;');
      w.line(`if (((uintptr_t)arena % ${macro}_ARENA_ALIGNMENT) != 0) return INGOT_ERROR_MISALIGNED_ARENA;`);
      for (const { t, offset } of state) {
        w.comment(`state ${JSON.stringify(shorten(t.name, 160))}`);
        w.line(`memset(a + ${offset}, ${stateInitialValue(t) & 0xff}, ${byteSize(t.dtype, elementCount(t.shape))});`);
      }
      w.line('return INGOT_OK;');
    });
  }

  const params = [
    'void *arena',
    ...s.inputs.map((io) => `const ${io.ctype} *input${io.position}`),
    ...s.outputs.map((io) => `${io.ctype} *output${io.position}`),
  ];
  w.line();
  w.block(`int ${stem}_run(${params.join(', ')})`, () => {
    w.line('uint8_t *a = (uint8_t *)arena;');
    w.line('int status;');
    const pointers = [...s.inputs.map((io) => `input${io.position}`), ...s.outputs.map((io) => `output${io.position}`)];
    if (pointers.length > 0) w.line(`if (${pointers.map((p) => `${p} == NULL`).join(' || ')}) return INGOT_ERROR_NULL_ARGUMENT;`);
    w.line('if (arena == NULL) return INGOT_ERROR_NULL_ARENA;');
    w.line(`if (((uintptr_t)arena % ${macro}_ARENA_ALIGNMENT) != 0) return INGOT_ERROR_MISALIGNED_ARENA;`);
    for (const io of s.inputs) {
      const at = `(a + ${io.offset!})`;
      w.line(`if ((const void *)input${io.position} != (const void *)${at}) memcpy(${at}, input${io.position}, ${io.bytes});`);
    }
    w.line(`status = ${stem}_invoke(arena);`);
    w.line('if (status != INGOT_OK) return status;');
    for (const io of s.outputs) {
      const at = ioLocation(s, io, 'a');
      w.line(`if ((const void *)output${io.position} != (const void *)${at}) memcpy(output${io.position}, ${at}, ${io.bytes});`);
    }
    w.line('return INGOT_OK;');
  });

  for (const io of s.inputs) {
    w.line();
    w.block(`${io.ctype} *${stem}_input${io.position}(void *arena)`, () => {
      w.line(`return (${io.ctype} *)((uint8_t *)arena + ${io.offset!});`);
    });
  }
  for (const io of s.outputs) {
    w.line();
    w.block(`const ${io.ctype} *${stem}_output${io.position}(const void *arena)`, () => {
      if (io.offset !== undefined) w.line(`return (const ${io.ctype} *)((const uint8_t *)arena + ${io.offset});`);
      else {
        w.line('(void)arena;');
        w.line(`return ${s.names.weight(io.tensor)};`);
      }
    });
  }

  w.line();
  w.line(`#ifdef ${macro}_STATIC_ARENA`);
  w.line(`static uint8_t ${stem}_arena_storage[${macro}_ARENA_SIZE > 0 ? ${macro}_ARENA_SIZE : 1] INGOT_ALIGNED(${macro}_ARENA_ALIGNMENT);`);
  w.line();
  w.block(`void *${stem}_static_arena(void)`, () => w.line(`return ${stem}_arena_storage;`));
  w.line('#endif');
  return w.toString();
}
