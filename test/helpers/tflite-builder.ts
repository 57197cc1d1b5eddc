/**
 * Builds small .tflite flatbuffers for tests that need files no converter
 * would write (bad offsets, out-of-range indices). Writes only the fields
 * the tests use, at the schema's slot numbers.
 */
import { Builder } from 'flatbuffers';

export interface TestTensor {
  name: string;
  shape: number[];
  /** TFLite TensorType code (9 = INT8, 0 = FLOAT32). */
  type: number;
  buffer: number;
}

export interface TestBuffer {
  data?: number[];
  /** Buffer.offset / Buffer.size for data stored after the flatbuffer. */
  offset?: bigint;
  size?: bigint;
}

export interface TestModel {
  operatorCodes: Array<{ builtin: number }>;
  tensors: TestTensor[];
  inputs: number[];
  outputs: number[];
  operators: Array<{ opcode: number; inputs: number[]; outputs: number[] }>;
  buffers: TestBuffer[];
}

export function buildTflite(m: TestModel): Uint8Array {
  const b = new Builder(1024);
  const intVector = (xs: number[]): number => {
    b.startVector(4, xs.length, 4);
    for (let i = xs.length - 1; i >= 0; i--) b.addInt32(xs[i]!);
    return b.endVector();
  };
  const tableVector = (offsets: number[]): number => {
    b.startVector(4, offsets.length, 4);
    for (let i = offsets.length - 1; i >= 0; i--) b.addOffset(offsets[i]!);
    return b.endVector();
  };

  const buffers = m.buffers.map((buf) => {
    let data = 0;
    if (buf.data) {
      b.startVector(1, buf.data.length, 16);
      for (let i = buf.data.length - 1; i >= 0; i--) b.addInt8(buf.data[i]!);
      data = b.endVector();
    }
    b.startObject(3);
    if (data) b.addFieldOffset(0, data, 0);
    if (buf.offset !== undefined) b.addFieldInt64(1, buf.offset, 0n);
    if (buf.size !== undefined) b.addFieldInt64(2, buf.size, 0n);
    return b.endObject();
  });

  const tensors = m.tensors.map((t) => {
    const name = b.createString(t.name);
    const shape = intVector(t.shape);
    b.startObject(5);
    b.addFieldOffset(0, shape, 0);
    b.addFieldInt8(1, t.type, 0);
    b.addFieldInt32(2, t.buffer, 0);
    b.addFieldOffset(3, name, 0);
    return b.endObject();
  });

  const operators = m.operators.map((op) => {
    const inputs = intVector(op.inputs);
    const outputs = intVector(op.outputs);
    b.startObject(3);
    b.addFieldInt32(0, op.opcode, 0);
    b.addFieldOffset(1, inputs, 0);
    b.addFieldOffset(2, outputs, 0);
    return b.endObject();
  });

  const codes = m.operatorCodes.map((c) => {
    b.startObject(4);
    b.addFieldInt8(0, Math.min(c.builtin, 127), 0);
    b.addFieldInt32(2, 1, 1);
    b.addFieldInt32(3, c.builtin, 0);
    return b.endObject();
  });

  const tensorsVec = tableVector(tensors);
  const inputs = intVector(m.inputs);
  const outputs = intVector(m.outputs);
  const opsVec = tableVector(operators);
  b.startObject(4);
  b.addFieldOffset(0, tensorsVec, 0);
  b.addFieldOffset(1, inputs, 0);
  b.addFieldOffset(2, outputs, 0);
  b.addFieldOffset(3, opsVec, 0);
  const subgraph = b.endObject();

  const codesVec = tableVector(codes);
  const subgraphs = tableVector([subgraph]);
  const buffersVec = tableVector(buffers);
  b.startObject(5);
  b.addFieldInt32(0, 3, 0);
  b.addFieldOffset(1, codesVec, 0);
  b.addFieldOffset(2, subgraphs, 0);
  b.addFieldOffset(4, buffersVec, 0);
  b.finish(b.endObject(), 'TFL3');
  return b.asUint8Array().slice();
}

/** A one-op model of an operator Ingot has no kernel for: MATRIX_DIAG on float32[1,4]. */
export function unsupportedOpModel(): TestModel {
  return { ...reluModel(), operatorCodes: [{ builtin: 113 }] };
}

/** RELU over UINT32 tensors (the model's input and output): an unsigned 32-bit type Ingot takes only between TFLite Micro's signal operators. */
export function unsignedTensorModel(): TestModel {
  const m = reluModel();
  return { ...m, tensors: m.tensors.map((t, i) => (i < 2 ? { ...t, type: 15 } : t)) };
}

/**
 * int32 → (CAST) UINT32 → (CAST) float32: the first cast only moves bits, the
 * second reads the unsigned value as a number, which Ingot's int32 storage
 * of UINT32 would get wrong past 2^31.
 */
export function unsignedToFloatCastModel(): TestModel {
  return {
    operatorCodes: [{ builtin: 53 }],
    tensors: [
      { name: 'in', shape: [4], type: 2, buffer: 0 },
      { name: 'bits', shape: [4], type: 15, buffer: 0 },
      { name: 'out', shape: [4], type: 0, buffer: 0 },
    ],
    inputs: [0],
    outputs: [2],
    operators: [{ opcode: 0, inputs: [0], outputs: [1] }, { opcode: 0, inputs: [1], outputs: [2] }],
    buffers: [{}],
  };
}

/** A one-op model: out = RELU(in) on int8[4], plus whatever buffers the test adds. */
export function reluModel(extraBuffers: TestBuffer[] = [], weightBuffer = 0): TestModel {
  return {
    operatorCodes: [{ builtin: 19 }],
    tensors: [
      { name: 'in', shape: [1, 4], type: 0, buffer: 0 },
      { name: 'out', shape: [1, 4], type: 0, buffer: 0 },
      { name: 'unused_weights', shape: [4], type: 9, buffer: weightBuffer },
    ],
    inputs: [0],
    outputs: [1],
    operators: [{ opcode: 0, inputs: [0], outputs: [1] }],
    buffers: [{}, ...extraBuffers],
  };
}
