/**
 * Packed int4 and int2 weights in the C kernels: conv2d (plain, grouped,
 * dilated, strided, all-border, rows of odd length so packed rows start
 * mid-byte in the model's own layout), depthwise_conv2d (unrolled and
 * looped windows, depth multipliers) and fully_connected (odd depths,
 * blocked units, per-tensor and per-channel scales), with seeded random
 * weights, scales, zero points and inputs. Each case is built with gcc -O2
 * and with ASan+UBSan (-Werror -pedantic) and must equal the reference
 * executor bit for bit. A last test checks that the bundle keeps the
 * weights packed: its constant data is at most one byte per kernel row
 * more than the packed tensor.
 */
import test from 'ava';
import { compile } from '../../compiler/compile.js';
import { elementCount, type FusedActivation, type Graph, type Pads2d } from '../../compiler/ir/index.js';
import { packSubByte } from '../../compiler/quant/packing.js';
import { GCC_O2_STRICT, GCC_SANITIZE } from '../helpers/c-bundles.js';
import { testOpCases, type Build } from '../helpers/c-op-cases.js';
import { GraphBuilder, perChannel, perTensor, Random, randomData } from '../helpers/op-graphs.js';

type Bits = 'i4' | 'i2';
const FIELD: Record<Bits, [number, number]> = { i4: [-8, 7], i2: [-2, 1] };
const SAME: Pads2d = { top: 1, left: 1, bottom: 1, right: 1 };
const NO_PADS: Pads2d = { top: 0, left: 0, bottom: 0, right: 0 };

interface Case {
  kind: 'conv2d' | 'depthwise_conv2d' | 'fully_connected';
  bits: Bits;
  input: number[];
  outC: number;
  kernel?: [number, number];
  stride?: number;
  dilation?: number;
  pads?: Pads2d;
  groups?: number;
  activation?: FusedActivation;
  perTensorScale?: boolean;
}

/** The weight tensor's shape and quantized axis for a case. */
function weightShape(o: Case): { shape: number[]; axis: number } {
  const c = o.input[o.input.length - 1]!;
  const [kh, kw] = o.kernel ?? [1, 1];
  if (o.kind === 'fully_connected') return { shape: [o.outC, c], axis: 0 };
  if (o.kind === 'depthwise_conv2d') return { shape: [1, kh, kw, o.outC], axis: 3 };
  return { shape: [o.outC, kh, kw, c / (o.groups ?? 1)], axis: 0 };
}

/** The case's graph; `asInt8` stores the same weight values as int8 (the baseline for sizes). */
function subByte(o: Case, asInt8 = false): Build {
  return (r: Random): Graph => {
    const g = new GraphBuilder();
    const inQ = perTensor(0.03, r.int(-30, 30));
    const x = g.input('i8', o.input, inQ);
    const { shape, axis } = weightShape(o);
    const values = randomData(r, 'i8', elementCount(shape), FIELD[o.bits]);
    const wq = o.perTensorScale ? perTensor(0.05) : perChannel(r, o.outC, axis, 0.02, 0.1);
    const w = asInt8 ? g.constant('i8', shape, values, wq) : g.constant(o.bits, shape, packSubByte(values as Int8Array, o.bits), wq);
    const b = g.constant('i32', [o.outC], randomData(r, 'i32', o.outC, [-400, 400]));
    const taps = elementCount(shape) / o.outC;
    const outQ = perTensor((0.03 * 0.05 * 60 * Math.sqrt(taps)) / 30, r.int(-10, 10));
    const spatial = {
      pads: o.pads ?? NO_PADS, strideH: o.stride ?? 1, strideW: o.stride ?? 1,
      dilationH: o.dilation ?? 1, dilationW: o.dilation ?? 1, activation: o.activation ?? 'none',
    };
    const c = o.input[o.input.length - 1]!;
    let y: number;
    if (o.kind === 'fully_connected') y = g.op('fully_connected', { activation: o.activation ?? 'none', keepNumDims: false }, [x, w, b], { dtype: 'i8', quant: outQ });
    else if (o.kind === 'depthwise_conv2d') y = g.op('depthwise_conv2d', { ...spatial, depthMultiplier: o.outC / c }, [x, w, b], { dtype: 'i8', quant: outQ });
    else y = g.op('conv2d', spatial, [x, w, b], { dtype: 'i8', quant: outQ });
    return g.graph(`${o.kind}_${o.bits}`, [y]);
  };
}

const CASES: Record<string, Case> = {
  conv_w4_same_odd_rows: { kind: 'conv2d', bits: 'i4', input: [1, 7, 6, 3], outC: 6, kernel: [3, 3], pads: SAME, activation: 'relu' },
  conv_w2_same_odd_rows: { kind: 'conv2d', bits: 'i2', input: [1, 7, 6, 3], outC: 6, kernel: [3, 3], pads: SAME },
  conv_w4_strided_batched: { kind: 'conv2d', bits: 'i4', input: [2, 9, 8, 4], outC: 8, kernel: [3, 2], stride: 2, pads: SAME },
  conv_w2_1x1_blocked: { kind: 'conv2d', bits: 'i2', input: [1, 4, 5, 10], outC: 9, activation: 'relu6' },
  conv_w4_grouped: { kind: 'conv2d', bits: 'i4', input: [1, 6, 6, 6], outC: 4, kernel: [3, 3], pads: SAME, groups: 2 },
  conv_w2_dilated: { kind: 'conv2d', bits: 'i2', input: [1, 9, 9, 5], outC: 3, kernel: [3, 3], dilation: 2, pads: { top: 2, left: 2, bottom: 2, right: 2 } },
  conv_w4_all_border: { kind: 'conv2d', bits: 'i4', input: [1, 2, 2, 3], outC: 5, kernel: [3, 3], pads: SAME },
  conv_w4_per_tensor_scale: { kind: 'conv2d', bits: 'i4', input: [1, 5, 5, 7], outC: 4, kernel: [2, 2], perTensorScale: true },
  depthwise_w4_3x3: { kind: 'depthwise_conv2d', bits: 'i4', input: [1, 8, 7, 5], outC: 5, kernel: [3, 3], pads: SAME, activation: 'relu' },
  depthwise_w2_multiplier3_stride2: { kind: 'depthwise_conv2d', bits: 'i2', input: [1, 9, 8, 3], outC: 9, kernel: [3, 3], stride: 2, pads: SAME },
  depthwise_w4_large_window: { kind: 'depthwise_conv2d', bits: 'i4', input: [1, 10, 10, 3], outC: 3, kernel: [7, 5], pads: { top: 3, left: 2, bottom: 3, right: 2 } },
  depthwise_w2_dilated: { kind: 'depthwise_conv2d', bits: 'i2', input: [1, 9, 9, 4], outC: 4, kernel: [3, 3], dilation: 2, pads: { top: 2, left: 2, bottom: 2, right: 2 } },
  dense_w4_odd_depth: { kind: 'fully_connected', bits: 'i4', input: [3, 37], outC: 9, activation: 'relu' },
  dense_w2_odd_depth: { kind: 'fully_connected', bits: 'i2', input: [2, 35], outC: 6 },
  dense_w4_per_tensor: { kind: 'fully_connected', bits: 'i4', input: [1, 64], outC: 10, perTensorScale: true },
  dense_w2_tiny: { kind: 'fully_connected', bits: 'i2', input: [1, 3], outC: 1 },
};

testOpCases(Object.fromEntries(Object.entries(CASES).map(([name, c]) => [name, subByte(c)])), [GCC_O2_STRICT, GCC_SANITIZE], { seed: 0x4b17 });

test('packed weights stay packed in the bundle: at most one padding byte per kernel row more than the packed tensor', (t) => {
  for (const [name, c] of Object.entries(CASES)) {
    const packed = subByte(c)(new Random(7));
    const int8 = subByte(c, true)(new Random(7));
    const packedBytes = packed.tensors.find((x) => x.dtype === c.bits)!.data!.byteLength;
    const int8Bytes = int8.tensors.find((x) => x.dtype === 'i8' && x.data !== undefined)!.data!.byteLength;
    const { shape } = weightShape(c);
    const rows = c.kind === 'conv2d' ? shape[0]! * shape[1]! : c.outC;
    // Same biases (and folded biases) in both bundles: the difference is the weights alone, each array
    // padded to whole units of the host's 16-byte alignment.
    const unit = (n: number): number => Math.ceil(n / 16) * 16;
    const weights = compile(packed).sizes.weightsBytes - compile(int8).sizes.weightsBytes + unit(int8Bytes);
    t.true(weights >= packedBytes && weights <= unit(packedBytes + rows), `${name}: ${weights} bytes for ${packedBytes} packed bytes in ${rows} rows`);
    // Below one alignment unit both widths take the same unit.
    t.true(int8Bytes > 16 ? weights < int8Bytes : weights === unit(int8Bytes), `${name}: ${weights} bytes packed vs ${int8Bytes} as int8`);
  }
});
