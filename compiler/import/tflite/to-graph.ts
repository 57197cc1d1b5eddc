/**
 * TFLite records → IR graph: tensor types and quantization mapped, constant
 * buffers attached, variables marked persistent, operators converted by the
 * builtin table, and every output shape checked against the op's own shape
 * inference.
 */
import {
  byteSize, dataFromBytes, elementCount, fail, formatShape, IngotError, verifyGraph,
  type AnyOp, type DType, type Graph, type QuantParams, type Tensor,
} from '../../ir/index.js';
import { OPS } from '../../ops/registry.js';
import { convertBuiltin, type OpContext } from './builtin-ops.js';
import { floatSequenceLstm } from './sequence-lstm.js';
import { integerSequenceLstm } from './sequence-lstm-int.js';
import { svdfOp } from './svdf.js';
import { signalOp } from './signal.js';
import { storableUnsignedTensors } from './unsigned-tensors.js';
import type { TfliteModel, TfliteTensor } from './read-model.js';
import { BUILTIN_CUSTOM, builtinName, TENSOR_TYPE, TENSOR_TYPE_NAMES } from './schema.js';

const { UINT32, UINT64 } = TENSOR_TYPE;

const DTYPES: Record<number, DType> = { 0: 'f32', 2: 'i32', 3: 'u8', 4: 'i64', 6: 'bool', 7: 'i16', 9: 'i8', 17: 'i4', 19: 'i2' };

/** Largest tensor accepted, so a corrupt shape cannot ask for gigabytes. */
const MAX_TENSOR_BYTES = 1 << 30;

export function tfliteToGraph(m: TfliteModel, name: string): Graph {
  rejectNpuModels(m);
  const unsigned = storableUnsignedTensors(m);
  const tensors = m.tensors.map((t, i) => convertTensor(m, t, i, unsigned.has(i)));
  const tensorAt = (i: number): Tensor => {
    const t = tensors[i];
    if (t === undefined) fail('tflite/bad-index', `tensor index ${i} is out of range (the subgraph has ${tensors.length} tensors)`);
    return t;
  };
  const checkIndex = (i: number, what: string): number => {
    if (i !== -1 && (i < 0 || i >= tensors.length)) fail('tflite/bad-index', `${what} refers to tensor ${i}, but the subgraph has ${tensors.length}`);
    return i;
  };
  m.inputs.forEach((i) => checkIndex(i, 'a subgraph input'));
  m.outputs.forEach((i) => checkIndex(i, 'a subgraph output'));

  const ops: AnyOp[] = m.operators.flatMap((op, index): AnyOp | AnyOp[] => {
    const code = m.operatorCodes[op.opcodeIndex];
    if (!code) fail('tflite/bad-index', `operator ${index} uses operator code ${op.opcodeIndex}, but the model lists ${m.operatorCodes.length}`, { opIndex: index });
    op.inputs.forEach((i) => checkIndex(i, `operator ${index}`));
    op.outputs.forEach((i) => checkIndex(i, `operator ${index}`));
    const opName = code.builtin === BUILTIN_CUSTOM ? `CUSTOM:${code.custom ?? '?'}` : builtinName(code.builtin);
    const outName = op.outputs[0] !== undefined && op.outputs[0] >= 0 ? tensorAt(op.outputs[0]).name : '';
    const ctx: OpContext = {
      index,
      name: outName || `${opName.toLowerCase()}_${index}`,
      options: op.options,
      inputs: op.inputs,
      outputs: op.outputs,
      tensor: tensorAt,
      constInts(i, role) {
        const idx = op.inputs[i];
        const t = idx !== undefined && idx >= 0 ? tensorAt(idx) : undefined;
        if (!t || t.data === undefined || (t.dtype !== 'i32' && t.dtype !== 'i64')) {
          return fail('op/unsupported', `operator ${index} (${opName}): its ${role} input must be a constant int32 tensor`, { opIndex: index, hint: 'freeze the model so shapes and axes are constants' });
        }
        return Array.from(t.data as Int32Array | BigInt64Array, Number);
      },
    };
    // A float LSTM is one sequence_lstm_float op (sequence-lstm.ts), an int8 one one sequence_lstm op.
    if (opName === 'UNIDIRECTIONAL_SEQUENCE_LSTM' && op.inputs[0] !== undefined && op.inputs[0] >= 0) {
      const dtype = tensorAt(op.inputs[0]).dtype;
      if (dtype === 'f32') return floatSequenceLstm(ctx, tensors, opName);
      if (dtype === 'i8') return { ...integerSequenceLstm(ctx, tensors, opName), name: ctx.name };
    }
    // SVDF keeps state: its variable tensor is the op's second output.
    if (opName === 'SVDF') return { ...svdfOp(ctx, opName), name: ctx.name };
    const signal = code.builtin === BUILTIN_CUSTOM && code.custom !== undefined ? signalOp(ctx, code.custom, op.customOptions) : undefined;
    if (signal) return { ...signal, name: ctx.name, source: opName } as AnyOp;
    const converted = convertBuiltin(opName, ctx);
    if (!converted) {
      return { kind: 'unsupported', name: ctx.name, source: opName, inputs: op.inputs.slice(), outputs: op.outputs.slice(), attrs: { sourceOp: opName } };
    }
    return { ...converted, name: ctx.name, source: opName, outputs: op.outputs.slice() } as AnyOp;
  });

  const graph: Graph = { name, source: 'tflite', tensors, ops, inputs: m.inputs.slice(), outputs: m.outputs.slice() };
  verifyGraph(graph);
  checkShapes(graph);
  return graph;
}

function rejectNpuModels(m: TfliteModel): void {
  const npu = m.operatorCodes.find((c) => c.builtin === BUILTIN_CUSTOM && c.custom === 'ethos-u');
  if (npu) {
    fail('tflite/npu-model', 'this model was compiled by Vela for the Arm Ethos-U NPU: its body is one ethos-u command stream, not operators', {
      hint: 'compile the original int8 .tflite (before Vela) instead',
    });
  }
}

function convertTensor(m: TfliteModel, t: TfliteTensor, index: number, storableUnsigned: boolean): Tensor {
  const label = `tensor ${index} '${t.name}'`;
  // Unsigned 32/64-bit tensors between signal ops are stored as their bit patterns (unsigned-tensors.ts).
  const dtype = storableUnsigned ? (t.type === UINT32 ? 'i32' : 'i64') : DTYPES[t.type];
  const shape = t.shape.slice();
  if (shape.some((d) => d < 0)) fail('tflite/bad-buffer', `${label} has a negative dimension in ${formatShape(shape)}`, { tensor: t.name });
  if (t.isSparse) fail('tflite/unsupported-type', `${label} is stored sparse, which is not supported`, { tensor: t.name, hint: 're-export the model without sparsity' });
  if (dtype === undefined) {
    const modelIo = m.inputs.includes(index) || m.outputs.includes(index);
    const unsignedNote = t.type !== UINT32 && t.type !== UINT64 ? '' : modelIo ? ' as a model input or output' : ' outside TFLite Micro\'s signal operators';
    fail('tflite/unsupported-type', `${label} has element type ${TENSOR_TYPE_NAMES[t.type] ?? t.type}, which Ingot does not support${unsignedNote}`, { tensor: t.name });
  }
  const tensor: Tensor = { name: t.name, dtype, shape };
  const bytes = byteSize(tensor.dtype, elementCount(shape));
  if (bytes > MAX_TENSOR_BYTES) fail('tflite/too-large', `${label} ${formatShape(shape)} would need ${bytes} bytes`, { tensor: t.name });

  const q = t.quantization;
  if (q && q.scale.length > 0) tensor.quant = convertQuant(q, shape, label, t.name);
  if (t.isVariable) tensor.persistent = true;

  if (t.buffer !== 0) {
    const buf = m.buffers[t.buffer];
    if (buf === undefined) fail('tflite/bad-index', `${label} refers to buffer ${t.buffer}, but the model has ${m.buffers.length}`, { tensor: t.name });
    if (buf.length > 0 && !t.isVariable) {
      if (buf.length !== bytes) {
        fail('tflite/bad-buffer', `${label} ${formatShape(shape)} of ${tensor.dtype} needs ${bytes} bytes, but buffer ${t.buffer} holds ${buf.length}`, { tensor: t.name });
      }
      tensor.data = dataFromBytes(tensor.dtype, buf);
    }
  }
  return tensor;
}

function convertQuant(q: NonNullable<TfliteTensor['quantization']>, shape: number[], label: string, name: string): QuantParams {
  let axis = q.quantizedDimension;
  // Some converters leave quantized_dimension = 3 on rank-1 biases; TFLite Micro reads it as 0.
  if (shape.length <= 1 || q.scale.length === 1) axis = shape.length <= 1 ? 0 : Math.min(axis, shape.length - 1);
  if (q.scale.length > 1 && (axis < 0 || axis >= shape.length || shape[axis] !== q.scale.length)) {
    fail('tflite/bad-quantization', `${label}: ${q.scale.length} scales do not match dimension ${axis} of ${formatShape(shape)}`, { tensor: name });
  }
  const zeroPoint = q.zeroPoint.length === q.scale.length ? q.zeroPoint : new Array<number>(q.scale.length).fill(q.zeroPoint[0] ?? 0);
  return { scale: q.scale, zeroPoint, axis };
}

/** Each supported op's inferred output shapes must equal the file's. */
function checkShapes(g: Graph): void {
  g.ops.forEach((op, index) => {
    if (op.kind === 'unsupported') return;
    let inferred: number[][];
    try {
      inferred = OPS[op.kind].inferShapes(op as never, g);
    } catch (e) {
      if (e instanceof IngotError) e.diagnostic.opIndex ??= index;
      throw e;
    }
    op.outputs.forEach((idx, k) => {
      const want = inferred[k];
      const have = g.tensors[idx]!.shape;
      if (want && (want.length !== have.length || want.some((d, i) => d !== have[i]))) {
        fail('shape/mismatch', `operator ${index} (${op.kind} '${op.name}'): output is ${formatShape(have)} in the file but the op computes ${formatShape(want)}`, { opIndex: index, tensor: g.tensors[idx]!.name });
      }
    });
  });
}
