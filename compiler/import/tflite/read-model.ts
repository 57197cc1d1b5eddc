/**
 * Reads a .tflite file into plain records: operator codes, subgraph 0's
 * tensors and operators, and the buffers. Every access goes through the
 * bounds-checked FlatView; sizes are checked before anything is allocated.
 */
import { fail } from '../../ir/index.js';
import { FlatView, type Table } from './flatbuffer.js';
import {
  BufferSlot, BUILTIN_CUSTOM, FILE_IDENTIFIER, ModelSlot, OperatorCodeSlot, OperatorSlot,
  PLACEHOLDER_FOR_GREATER_OP_CODES, QuantizationSlot, SubGraphSlot, TensorSlot,
} from './schema.js';

export interface TfliteOperatorCode {
  builtin: number;
  custom?: string;
  version: number;
}

export interface TfliteQuantization {
  scale: number[];
  zeroPoint: number[];
  quantizedDimension: number;
  hasDetails: boolean;
}

export interface TfliteTensor {
  name: string;
  shape: number[];
  type: number;
  buffer: number;
  quantization?: TfliteQuantization;
  isVariable: boolean;
  isSparse: boolean;
}

export interface TfliteOperator {
  opcodeIndex: number;
  inputs: number[];
  outputs: number[];
  intermediates: number[];
  optionsType: number;
  options?: Table;
  customOptions?: Uint8Array;
}

export interface TfliteModel {
  version: number;
  description?: string;
  operatorCodes: TfliteOperatorCode[];
  subgraphCount: number;
  subgraphName?: string;
  tensors: TfliteTensor[];
  inputs: number[];
  outputs: number[];
  operators: TfliteOperator[];
  /** Buffer contents by index (empty for the sentinel and for activations). */
  buffers: Uint8Array[];
}

export function isTflite(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && new TextDecoder().decode(bytes.subarray(4, 8)) === FILE_IDENTIFIER;
}

export function readTfliteModel(bytes: Uint8Array): TfliteModel {
  if (!isTflite(bytes)) {
    fail('tflite/not-tflite', `not a TFLite model (no "${FILE_IDENTIFIER}" file identifier at byte 4)`, {
      hint: 'pass a .tflite flatbuffer or an .onnx model',
    });
  }
  const view = new FlatView(bytes);
  const model = view.root('model');
  const operatorCodes = model.tables(ModelSlot.operatorCodes, 'operator_codes').map(readOperatorCode);
  const subgraphs = model.tables(ModelSlot.subgraphs, 'subgraphs');
  const main = subgraphs[0];
  if (!main) fail('tflite/no-subgraph', 'the model has no subgraph', { hint: 'the file is corrupt or empty; re-export it' });
  const buffers = model.tables(ModelSlot.buffers, 'buffers').map((b) => readBuffer(view, b));
  const tensors = main.tables(SubGraphSlot.tensors, 'tensors').map(readTensor);
  const operators = main.tables(SubGraphSlot.operators, 'operators').map(readOperator);
  return {
    version: model.u32(ModelSlot.version, 0, 'version'),
    description: model.string(ModelSlot.description, 'description'),
    operatorCodes,
    subgraphCount: subgraphs.length,
    subgraphName: main.string(SubGraphSlot.name, 'name'),
    tensors,
    inputs: main.i32Vector(SubGraphSlot.inputs, 'inputs'),
    outputs: main.i32Vector(SubGraphSlot.outputs, 'outputs'),
    operators,
    buffers,
  };
}

function readOperatorCode(t: Table): TfliteOperatorCode {
  // Older files set only the 8-bit deprecated code; newer ones set both. The
  // larger of the two is the operator (127 escapes to the 32-bit field).
  const deprecated = t.i8(OperatorCodeSlot.deprecatedBuiltinCode, 0, 'deprecated_builtin_code');
  const extended = t.i32(OperatorCodeSlot.builtinCode, 0, 'builtin_code');
  let builtin = Math.max(deprecated, extended);
  if (builtin === PLACEHOLDER_FOR_GREATER_OP_CODES) builtin = extended;
  const custom = builtin === BUILTIN_CUSTOM ? t.string(OperatorCodeSlot.customCode, 'custom_code') : undefined;
  return { builtin, custom, version: t.i32(OperatorCodeSlot.version, 1, 'version') };
}

function readBuffer(view: FlatView, t: Table): Uint8Array {
  const data = t.bytes(BufferSlot.data, 'data');
  if (data && data.length > 0) return data;
  // Models over 2 GB keep buffers after the flatbuffer, addressed by offset/size.
  const offset = t.u64(BufferSlot.offset, 'offset');
  const size = t.u64(BufferSlot.size, 'size');
  if (offset > 1n) {
    if (offset + size > BigInt(view.length)) {
      fail('tflite/bad-offset', `${t.what} points at bytes ${offset}..${offset + size}, beyond the ${view.length}-byte file`, {
        hint: 'the file is truncated or corrupt; re-export the model',
      });
    }
    return view.bb.bytes().subarray(Number(offset), Number(offset + size));
  }
  return new Uint8Array(0);
}

function readTensor(t: Table): TfliteTensor {
  const q = t.table(TensorSlot.quantization, 'quantization');
  let quantization: TfliteQuantization | undefined;
  if (q) {
    const scale = q.f32Vector(QuantizationSlot.scale, 'scale');
    const zeroPoint = q.i64Vector(QuantizationSlot.zeroPoint, 'zero_point');
    const hasDetails = q.u8(QuantizationSlot.detailsType, 0, 'details_type') !== 0;
    if (scale.length > 0 || hasDetails) {
      quantization = { scale, zeroPoint, quantizedDimension: q.i32(QuantizationSlot.quantizedDimension, 0, 'quantized_dimension'), hasDetails };
    }
  }
  return {
    name: t.string(TensorSlot.name, 'name') ?? '',
    shape: t.i32Vector(TensorSlot.shape, 'shape'),
    type: t.i8(TensorSlot.type, 0, 'type'),
    buffer: t.u32(TensorSlot.buffer, 0, 'buffer'),
    quantization,
    isVariable: t.bool(TensorSlot.isVariable, 'is_variable'),
    isSparse: t.has(TensorSlot.sparsity),
  };
}

function readOperator(t: Table): TfliteOperator {
  return {
    opcodeIndex: t.u32(OperatorSlot.opcodeIndex, 0, 'opcode_index'),
    inputs: t.i32Vector(OperatorSlot.inputs, 'inputs'),
    outputs: t.i32Vector(OperatorSlot.outputs, 'outputs'),
    intermediates: t.i32Vector(OperatorSlot.intermediates, 'intermediates'),
    optionsType: t.u8(OperatorSlot.builtinOptionsType, 0, 'builtin_options_type'),
    options: t.table(OperatorSlot.builtinOptions, 'builtin_options'),
    customOptions: t.bytes(OperatorSlot.customOptions, 'custom_options'),
  };
}
