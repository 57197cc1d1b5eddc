/**
 * The bundle's inputs and outputs as the public header, the example program
 * and the manifest describe them: position, C type, shape, size and
 * quantization, and where the tensor lives (an arena offset, or a constant
 * array for the rare output that is a constant).
 */
import { byteSize, cTypeOf, elementCount, fail, type DType, type Graph } from '../ir/index.js';
import type { MemoryPlan } from '../plan/index.js';

export interface IoTensor {
  role: 'input' | 'output';
  /** Position among the graph's inputs or outputs. */
  position: number;
  tensor: number;
  /** The tensor's name in the model (data: never put into C outside comments/strings). */
  name: string;
  dtype: DType;
  ctype: string;
  shape: number[];
  count: number;
  bytes: number;
  scale?: number;
  zeroPoint?: number;
  /** Arena offset, when the tensor is planned in the arena. */
  offset?: number;
}

/** NumPy's descriptor of each dtype the example program reads and writes. */
export const NPY_DESCR: Partial<Record<DType, string>> = { i8: '|i1', u8: '|u1', bool: '|b1', i16: '<i2', i32: '<i4', i64: '<i8', f32: '<f4' };

export function describeIo(g: Graph, plan: MemoryPlan): { inputs: IoTensor[]; outputs: IoTensor[] } {
  const describe = (role: IoTensor['role']) => (tensor: number, position: number): IoTensor => {
    const t = g.tensors[tensor]!;
    if (NPY_DESCR[t.dtype] === undefined) {
      fail('backend/unsupported-op', `${role} ${position} '${t.name}' is ${t.dtype}, which a C bundle cannot take or return`, { tensor: t.name });
    }
    const count = elementCount(t.shape);
    const io: IoTensor = { role, position, tensor, name: t.name, dtype: t.dtype, ctype: cTypeOf(t.dtype), shape: t.shape.slice(), count, bytes: byteSize(t.dtype, count) };
    if (t.quant && t.quant.scale.length === 1) {
      io.scale = t.quant.scale[0]!;
      io.zeroPoint = t.quant.zeroPoint[0] ?? 0;
    }
    const offset = plan.tensorOffsets[tensor];
    if (offset !== undefined) io.offset = offset;
    return io;
  };
  return { inputs: g.inputs.map(describe('input')), outputs: g.outputs.map(describe('output')) };
}
