/**
 * Writes an IR graph as a TFLite flatbuffer (schema version 3, identifier
 * "TFL3") with the `flatbuffers` Builder, so a model quantized by Ingot can
 * run on TFLite Micro, full TFLite, or any tool that reads .tflite.
 *
 * One subgraph; tensors keep their IR order (with the int32 operands TFLite
 * wants as tensors appended); every constant gets its own 16-byte aligned
 * buffer after the empty buffer 0; quantization parameters carry
 * per-channel scales and `quantized_dimension`. int4 constants are written
 * packed, low nibble first, with TFLite's INT4 type. The output depends only
 * on the graph, so the same model gives the same bytes.
 */
import { Builder } from 'flatbuffers';
import { bytesOf, fail, type DType, type Graph, type QuantParams, type Tensor } from '../../ir/index.js';
import { TOOL_VERSION } from '../../version.js';
import { exportOp, intVector, type ExportContext } from './op-table.js';

const TENSOR_TYPE: Partial<Record<DType, number>> = { f32: 0, i32: 2, u8: 3, i64: 4, bool: 6, i16: 7, i8: 9, i4: 17, i2: 19 };

export interface ExportOptions {
  /** The model description string (default names the tool). */
  description?: string;
}

export function exportTflite(g: Graph, options: ExportOptions = {}): Uint8Array {
  const b = new Builder(1024);
  const tensors: Tensor[] = g.tensors.slice();
  const ctx: ExportContext = {
    b,
    graph: g,
    constInts(name, shape, values) {
      return tensors.push({ name, dtype: 'i32', shape, data: Int32Array.from(values) }) - 1;
    },
  };

  // Operators first: their rows add the constant operand tensors.
  const codes: Array<{ builtin: number; version: number }> = [];
  const codeIndex = (builtin: number, version: number): number => {
    let i = codes.findIndex((c) => c.builtin === builtin && c.version === version);
    if (i < 0) i = codes.push({ builtin, version }) - 1;
    return i;
  };
  const operators = g.ops.map((op, index) => {
    const e = exportOp(op, ctx, index);
    const inputs = intVector(b, e.inputs);
    const outputs = intVector(b, op.outputs);
    b.startObject(5);
    b.addFieldInt32(0, codeIndex(e.builtin, e.version), 0);
    b.addFieldOffset(1, inputs, 0);
    b.addFieldOffset(2, outputs, 0);
    if (e.optionsType !== 0) {
      b.addFieldInt8(3, e.optionsType, 0);
      b.addFieldOffset(4, e.options, 0);
    }
    return b.endObject();
  });

  const buffers: number[] = [emptyBuffer(b)];
  const tensorTables = tensors.map((t) => {
    const type = TENSOR_TYPE[t.dtype];
    if (type === undefined) fail('export/unsupported', `tensor '${t.name}' is ${t.dtype}, which TFLite cannot store`, { tensor: t.name });
    let buffer = 0;
    if (t.data !== undefined) {
      const data = alignedByteVector(b, bytesOf(t.data));
      b.startObject(1);
      b.addFieldOffset(0, data, 0);
      buffer = buffers.push(b.endObject()) - 1;
    }
    const quant = t.quant ? quantization(b, t.quant) : 0;
    const name = b.createString(t.name);
    const shape = intVector(b, t.shape);
    b.startObject(6);
    b.addFieldOffset(0, shape, 0);
    b.addFieldInt8(1, type, 0);
    b.addFieldInt32(2, buffer, 0);
    b.addFieldOffset(3, name, 0);
    if (quant) b.addFieldOffset(4, quant, 0);
    if (t.persistent) b.addFieldInt8(5, 1, 0);
    return b.endObject();
  });

  const subgraph = (() => {
    const ts = offsetVector(b, tensorTables);
    const inputs = intVector(b, g.inputs);
    const outputs = intVector(b, g.outputs);
    const ops = offsetVector(b, operators);
    const name = b.createString('main');
    b.startObject(5);
    b.addFieldOffset(0, ts, 0);
    b.addFieldOffset(1, inputs, 0);
    b.addFieldOffset(2, outputs, 0);
    b.addFieldOffset(3, ops, 0);
    b.addFieldOffset(4, name, 0);
    return b.endObject();
  })();

  const codeTables = codes.map((c) => {
    b.startObject(4);
    b.addFieldInt8(0, Math.min(c.builtin, 127), 0);
    b.addFieldInt32(2, c.version, 1);
    b.addFieldInt32(3, c.builtin, 0);
    return b.endObject();
  });
  const codesVector = offsetVector(b, codeTables);
  const subgraphs = offsetVector(b, [subgraph]);
  const description = b.createString(options.description ?? `Ingot ${TOOL_VERSION}`);
  const buffersVector = offsetVector(b, buffers);
  b.startObject(5);
  b.addFieldInt32(0, 3, 0);
  b.addFieldOffset(1, codesVector, 0);
  b.addFieldOffset(2, subgraphs, 0);
  b.addFieldOffset(3, description, 0);
  b.addFieldOffset(4, buffersVector, 0);
  b.finish(b.endObject(), 'TFL3');
  return b.asUint8Array().slice();
}

function emptyBuffer(b: Builder): number {
  b.startObject(1);
  return b.endObject();
}

/** A byte vector whose data starts on a 16-byte boundary (kernels and DMA like aligned weights). */
function alignedByteVector(b: Builder, bytes: Uint8Array): number {
  b.startVector(1, bytes.length, 16);
  for (let i = bytes.length - 1; i >= 0; i--) b.addInt8(bytes[i]!);
  return b.endVector();
}

function offsetVector(b: Builder, offsets: readonly number[]): number {
  b.startVector(4, offsets.length, 4);
  for (let i = offsets.length - 1; i >= 0; i--) b.addOffset(offsets[i]!);
  return b.endVector();
}

function quantization(b: Builder, q: QuantParams): number {
  b.startVector(4, q.scale.length, 4);
  for (let i = q.scale.length - 1; i >= 0; i--) b.addFloat32(q.scale[i]!);
  const scale = b.endVector();
  b.startVector(8, q.zeroPoint.length, 8);
  for (let i = q.zeroPoint.length - 1; i >= 0; i--) b.addInt64(BigInt(q.zeroPoint[i]!));
  const zeroPoint = b.endVector();
  b.startObject(7);
  b.addFieldOffset(2, scale, 0);
  b.addFieldOffset(3, zeroPoint, 0);
  b.addFieldInt32(6, q.axis, 0);
  return b.endObject();
}
