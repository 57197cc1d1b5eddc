/**
 * Structural checks of a graph, run between passes in tests and before any
 * backend sees a graph: indices in range, each tensor written at most once,
 * every input available before its reader (topological order), outputs
 * produced, constant data of the size its shape and dtype imply.
 */
import { byteSize } from './dtype.js';
import { fail } from './diagnostics.js';
import type { Graph } from './graph.js';
import { elementCount } from './tensor.js';

export function verifyGraph(g: Graph): void {
  const n = g.tensors.length;
  const available = new Uint8Array(n);
  const check = (idx: number, what: string): void => {
    if (!Number.isInteger(idx) || idx < 0 || idx >= n) {
      fail('graph/invalid', `${what} refers to tensor ${idx}, but the graph has ${n} tensors`);
    }
  };

  g.tensors.forEach((t, i) => {
    if (t.shape.some((d) => !Number.isInteger(d) || d < 0)) {
      fail('graph/invalid', `tensor '${t.name}' has an invalid shape [${t.shape.join(',')}]`, { tensor: t.name });
    }
    if (t.data !== undefined) {
      const want = byteSize(t.dtype, elementCount(t.shape));
      if (t.data.byteLength !== want) {
        fail('graph/invalid', `constant '${t.name}' holds ${t.data.byteLength} bytes; its shape and type need ${want}`, { tensor: t.name });
      }
      available[i] = 1;
    }
    if (t.persistent) available[i] = 1;
  });
  for (const idx of g.inputs) {
    check(idx, 'a graph input');
    available[idx] = 1;
  }

  const written = new Uint8Array(n);
  g.ops.forEach((op, opIndex) => {
    for (const idx of op.inputs) {
      if (idx === -1) continue;
      check(idx, `op ${opIndex} (${op.kind})`);
      if (!available[idx]) {
        fail('graph/invalid', `op ${opIndex} (${op.kind} '${op.name}') reads tensor '${g.tensors[idx]!.name}' before anything writes it`, { opIndex });
      }
    }
    for (const idx of op.outputs) {
      check(idx, `op ${opIndex} (${op.kind})`);
      const t = g.tensors[idx]!;
      if (written[idx] && !t.persistent) {
        fail('graph/invalid', `tensor '${t.name}' is written by more than one op`, { opIndex, tensor: t.name });
      }
      if (t.data !== undefined) {
        fail('graph/invalid', `op ${opIndex} (${op.kind}) writes constant tensor '${t.name}'`, { opIndex, tensor: t.name });
      }
      written[idx] = 1;
      available[idx] = 1;
    }
  });
  for (const idx of g.outputs) {
    check(idx, 'a graph output');
    if (!available[idx]) fail('graph/invalid', `graph output '${g.tensors[idx]!.name}' is never produced`);
  }
}
