/**
 * DEPTHWISE_CONV_2D's SIMD128 path: which layers take it, and their
 * compile-time data. int8 and uint8 layers with zero weight offsets, eight
 * output channels per group (a depth multiplier of 1, or a multiple of 8),
 * int8 or packed int4/int2 weights, at most 25 taps and a few border
 * columns per row, and a TFLite or ONNX output stage the four-lane
 * requantization can express, run the kernel of depthwise-int8.ts; float32
 * layers (multiplier 1, no dilation) the window kernel of float-simd.ts.
 * A layer over one input channel that neither takes is a convolution and
 * runs on the matrix kernel (int8, uint8) or the float convolution window
 * (`planSingleInputChannel`). Everything else keeps the portable kernel.
 *
 * The int8 data: the bias with the input offset folded in
 * (bias + offset·Σ_taps w, exact for every pixel because taps outside the
 * image read the zero point), int8 weights re-laid out as the kernel's
 * interleaved tap pairs (packed weights are read as they are), and a
 * scratch row for the zero point when windows reach above or below the
 * image.
 */
import type { Graph, Op } from '../../ir/index.js';
import { channelMajorFilter, type DepthwiseConv2dPrepared } from '../../ops/depthwise-conv2d.js';
import { unpackedWeights } from '../../quant/packing.js';
import type { Expr, FunctionBuilder } from '../binaryen.js';
import { emitDepthwiseInt8, type DepthwiseInt8Config } from './depthwise-int8.js';
import { columnSteps, depthwiseGeometry, depthwiseScratch, lastRowPairing, needsPaddedRows, overReadColumns, pairWeightTable, takesPairRows, tapPairs } from './depthwise-taps.js';
import { emitFloatWindow, floatWindowPlan, packConvWeights, type FloatWindowConfig } from './float-simd.js';
import { emitGemmSimd, im2colSource, planGemm, type GemmSimdConfig } from './gemm-simd.js';
import { outputOperand, tensorOperand, type KernelPlan, type Operand } from './kernel.js';
import { accumulatorBounds, accumulatorRanges, foldedBiases, simdOutputStage, type ChannelWeights } from './simd-requant-records.js';

export type { DepthwiseInt8Config } from './depthwise-int8.js';
export type DepthwiseSimdConfig = DepthwiseInt8Config | FloatWindowConfig | GemmSimdConfig;

const MAX_TAPS = 25;
/** Columns of code in one step of known columns (the border, or a whole narrow row). */
const MAX_STEP_COLUMNS = 8;
/**
 * Output pixels per step of the int8 kernel's interior loop: each pixel of
 * a step is code of its own, and wider steps share only a little more
 * (two vertical pairs and three loads per step), so 2.
 */
const PIXELS_PER_STEP = 2;
/** Rows up to this many output columns are one step, so all their windows share inputs. */
const WHOLE_ROW = 6;

/** The SIMD plan of a depthwise layer, or undefined when it keeps the portable kernel. */
export function planDepthwiseSimd(op: Op<'depthwise_conv2d'>, p: DepthwiseConv2dPrepared, g: Graph): KernelPlan<DepthwiseSimdConfig> | undefined {
  const filter = g.tensors[op.inputs[1]!]!;
  const bias = p.hasBias ? g.tensors[op.inputs[2]!]! : undefined;
  if (p.dtype === 'f32') return planFloat(op, p, filter.data, bias?.data);
  if ((p.dtype !== 'i8' && p.dtype !== 'u8') || p.filterOffsets.some((o) => o !== 0) || (bias && !(bias.data instanceof Int32Array))) return undefined;
  const packed = p.weightBits !== 8 && filter.data instanceof Uint8Array && (filter.dtype === 'i4' || filter.dtype === 'i2');
  if (!packed && !(filter.data instanceof Int8Array)) return undefined;
  if (p.outC % 8 !== 0 || p.kH * p.kW > MAX_TAPS || !(p.depthMultiplier === 1 || p.depthMultiplier % 8 === 0)) return undefined;
  const { inH, inW, outH, outW, outC, kH, kW, strideH, strideW, dilationH, dilationW, padTop, padLeft, inputOffset } = p;
  // Each step is code of its own: rows whose border steps would hold many columns keep the portable kernel.
  // Packed weights are unpacked per tap, which knows no taps outside the window.
  const lastRow = p.weightBits === 8 ? lastRowPairing(kH, kW, strideW, dilationW) : 'own';
  const steps = columnSteps({ inW, outW, kW, strideW, dilationW, padLeft }, PIXELS_PER_STEP, WHOLE_ROW, overReadColumns(lastRow));
  if (steps.some((s) => 'at' in s && s.pixels > MAX_STEP_COLUMNS)) return undefined;
  const taps = kH * kW;
  const weights = unpackedWeights(filter.data!, p.weightBits, taps * outC);
  const perChannel: ChannelWeights = { weights, channels: outC, depth: taps, layout: 'tap-major' };
  const biasValues = bias?.data as Int32Array | undefined;
  const folded = foldedBiases(perChannel, biasValues, inputOffset);
  // Padded taps read the zero point and add nothing, so every pixel ends at the reference's accumulator.
  const bounds = accumulatorBounds(perChannel, biasValues, inputOffset, p.dtype === 'u8');
  // int8 weights become an int16 pair table, which can take each channel's high-word scale.
  const ranges = accumulatorRanges(perChannel, biasValues, inputOffset, p.dtype === 'u8');
  const stage = simdOutputStage(p, folded, outC, g.tensors[op.outputs[0]!]!.dtype, { bounds, foldable: p.weightBits === 8 ? perChannel : undefined, ranges });
  if (!stage) return undefined;
  const paddedRows = needsPaddedRows(inH, outH, kH, strideH, dilationH, padTop);
  const pairRows = takesPairRows(p);
  const geometry = depthwiseGeometry(p);
  // The same call addresses the scratch in the emitter, from the config.
  const scratchBytes = depthwiseScratch({ ...geometry, paddedRows, pairRows }).bytes;
  const weightsOperand: Operand = p.weightBits === 8
    ? { table: scaleChannels(pairWeightTable(weights, kW, tapPairs(kH, kW, lastRow), outC), stage.channelScales) }
    : tensorOperand(op, 1);
  return {
    config: { kind: 'int8', ...geometry, inputUnsigned: p.dtype === 'u8', weightBits: p.weightBits, lastRow, pixelsPerStep: PIXELS_PER_STEP, wholeRow: WHOLE_ROW, paddedRows, pairRows, rq: stage.rq },
    operands: [tensorOperand(op, 0), weightsOperand, { table: stage.records }, outputOperand(op), ...(scratchBytes > 0 ? [{ scratch: true as const }] : [])],
    ...(scratchBytes > 0 ? { scratchBytes } : {}),
  };
}

/**
 * The pair table (int16 lanes, eight channels of a group side by side with
 * two taps each: lane l holds channel ⌊(l mod 16)/2⌋ of its group) with
 * channel c's weights multiplied by `scales[c]` (the high-word form's
 * folded scale; the fold check keeps the products in int16).
 */
function scaleChannels(table: Uint8Array, scales: number[] | undefined): Uint8Array {
  if (!scales) return table;
  const lanes = new Int16Array(table.buffer, table.byteOffset, table.byteLength / 2);
  const perGroup = lanes.length / (scales.length / 8);
  return new Uint8Array(Int16Array.from(lanes, (w, l) => w * scales[Math.floor(l / perGroup) * 8 + Math.floor((l % 16) / 2)]!).buffer);
}

function planFloat(op: Op<'depthwise_conv2d'>, p: DepthwiseConv2dPrepared, filter: unknown, bias: unknown): KernelPlan<DepthwiseSimdConfig> | undefined {
  if (p.depthMultiplier !== 1 || p.dilationH !== 1 || p.dilationW !== 1 || !(filter instanceof Float32Array)) return undefined;
  // A bias computed at run time (not a constant) keeps the portable kernel.
  if (p.hasBias && !(bias instanceof Float32Array)) return undefined;
  // Depthwise filters are [1][kH][kW][C]: as a conv filter with one "output" per channel group, lanes = channels.
  const packed = new Float32Array(Math.ceil(p.outC / 4) * 4 * p.kH * p.kW);
  for (let c = 0; c < p.outC; c++) {
    for (let t = 0; t < p.kH * p.kW; t++) packed[(Math.floor(c / 4) * p.kH * p.kW + t) * 4 + (c % 4)] = filter[t * p.outC + c]!;
  }
  return floatWindowPlan(op, p, true, new Uint8Array(packed.buffer), bias as Float32Array | undefined);
}

/**
 * A depthwise layer over a single input channel is a convolution with
 * kH·kW depths and depthMultiplier outputs. Integer layers: the matrix
 * kernel of gemm-simd.ts with an im2col window, whatever its window size
 * (the channel-vectorised kernel takes at most 25 taps; micro_speech's
 * first layer has 80), with the reference's sums and output stage. Float32
 * layers: the convolution window (planFloatSingleChannel).
 */
export function planSingleInputChannel(op: Op<'depthwise_conv2d'>, p: DepthwiseConv2dPrepared, g: Graph): KernelPlan<DepthwiseSimdConfig> | undefined {
  if (p.inC === 1 && p.dtype === 'f32') return planFloatSingleChannel(op, p, g);
  if (p.inC !== 1 || (p.dtype !== 'i8' && p.dtype !== 'u8')) return undefined;
  const K = p.kH * p.kW;
  return planGemm(op, g, p, { rows: p.batches * p.outH * p.outW, K, N: p.outC }, im2colSource(p), 'tap-major');
}

/**
 * The float32 counterpart (magic_wand's first layer: one input channel, a
 * depth multiplier of 8): the channel-vectorised convolution window of
 * float-simd.ts with one input channel, whose sums over the window run in
 * the reference's order, as they do for a depthwise layer.
 */
function planFloatSingleChannel(op: Op<'depthwise_conv2d'>, p: DepthwiseConv2dPrepared, g: Graph): KernelPlan<DepthwiseSimdConfig> | undefined {
  const filter = g.tensors[op.inputs[1]!]!.data;
  const bias = p.hasBias ? g.tensors[op.inputs[2]!]!.data : undefined;
  if (p.dilationH !== 1 || p.dilationW !== 1 || !(filter instanceof Float32Array) || (p.hasBias && !(bias instanceof Float32Array))) return undefined;
  // [1][kH][kW][outC] as the convolution layout [outC][kH][kW][1] (p.inC is 1).
  const convFilter = channelMajorFilter(filter, p.outC, p.kH * p.kW);
  return floatWindowPlan(op, p, false, packConvWeights(convFilter, p.outC, p.kH, p.kW, 1), bias as Float32Array | undefined);
}

/** The body of a kernel planned by `planDepthwiseSimd` or `planSingleInputChannel`. */
export function depthwiseSimd(f: FunctionBuilder, s: DepthwiseSimdConfig): Expr {
  return s.kind === 'int8' ? emitDepthwiseInt8(f, s) : s.kind === 'gemm' ? emitGemmSimd(f, s) : emitFloatWindow(f, s);
}
