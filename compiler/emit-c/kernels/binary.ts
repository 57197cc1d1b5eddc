/**
 * ADD, SUB, MUL, DIV, MAXIMUM and MINIMUM in C, mirroring the binary family's `evalRef`:
 * NumPy broadcasting by per-operand strides (0 along broadcast dimensions),
 * then the prepared mode's arithmetic, as rows of one table like the op
 * file's:
 *
 * - `float`: the float32 operation, then the activation clamp;
 * - `int` (plain integers): the exact result wrapped to the element type —
 *   int32 wrapping arithmetic, division truncating toward zero, x / 0 = 0;
 * - `fixed`: TFLite's integer rescaling;
 * - `onnx`: each input dequantized in float32, combined in float32, divided
 *   by the output scale, rounded half to even, plus the zero point,
 *   saturated (ingot_onnx.h).
 *
 * The output may share memory with an input of its own shape (the memory
 * plan allows it); each element is read before it is written, and that
 * input walks the output's offsets, so this is safe.
 */
import type { BinaryPrepared } from '../../ops/binary.js';
import { cFloat, cInt } from '../literals.js';
import { CWriter } from '../writer.js';
import { floatClamp, outType, plusOffset } from './common.js';
import { defineKernel, type CKernel, type KernelContext } from './kernel.js';
import { broadcastStrides, collapseDims, contiguousStrides, stridedLoops } from './loops.js';

type BinaryKind = BinaryPrepared['kind'];

interface BinaryRow {
  /** The float32 operation on `a` and `b`. */
  float(a: string, b: string): string;
  /** The int32 result (wrapped) on plain integers `a` and `b`. */
  int(a: string, b: string): string;
  /** Statements computing int32 `r` from offset inputs `a` and `b` (TFLite); absent when TFLite has none. */
  fixed?(a: string, b: string, p: BinaryPrepared): string[];
}

function addSub(combine: 'ingot_wrap_add' | 'ingot_wrap_sub') {
  return (a: string, b: string, p: BinaryPrepared): string[] => [
    `const int32_t xa = ingot_mbqm_smaller_than_one(ingot_wrap_shl(${a}, ${p.leftShift}), ${cInt(p.input1Multiplier)}, ${cInt(p.input1Shift)});`,
    `const int32_t xb = ingot_mbqm_smaller_than_one(ingot_wrap_shl(${b}, ${p.leftShift}), ${cInt(p.input2Multiplier)}, ${cInt(p.input2Shift)});`,
    `const int32_t r = ingot_mbqm_smaller_than_one(${combine}(xa, xb), ${cInt(p.outputMultiplier)}, ${cInt(p.outputShift)});`,
  ];
}

const ROWS: Record<BinaryKind, BinaryRow> = {
  add: { float: (a, b) => `${a} + ${b}`, int: (a, b) => `ingot_wrap_add(${a}, ${b})`, fixed: addSub('ingot_wrap_add') },
  sub: { float: (a, b) => `${a} - ${b}`, int: (a, b) => `ingot_wrap_sub(${a}, ${b})`, fixed: addSub('ingot_wrap_sub') },
  mul: {
    float: (a, b) => `${a} * ${b}`,
    int: (a, b) => `ingot_wrap_mul(${a}, ${b})`,
    fixed: (a, b, p) => [`const int32_t r = ingot_mbqm(ingot_wrap_mul(${a}, ${b}), ${cInt(p.outputMultiplier)}, ${cInt(p.outputShift)});`],
  },
  // INT32_MIN / -1 overflows in C; the reference wraps it to INT32_MIN.
  div: { float: (a, b) => `${a} / ${b}`, int: (a, b) => `(${b} == 0 ? 0 : ${b} == -1 ? ingot_wrap_neg(${a}) : ${a} / ${b})` },
  // As the reference: a NaN of either input comes out (a >= b is false when either is NaN; a != a only for a NaN a).
  maximum: { float: (a, b) => `(${a} >= ${b} || ${a} != ${a} ? ${a} : ${b})`, int: (a, b) => `(${a} >= ${b} ? ${a} : ${b})` },
  minimum: { float: (a, b) => `(${a} <= ${b} || ${a} != ${a} ? ${a} : ${b})`, int: (a, b) => `(${a} <= ${b} ? ${a} : ${b})` },
};

/** The statements storing element `io` of the output from elements `ia`, `ib` of the inputs, in the prepared mode. */
function element(w: CWriter, row: BinaryRow, p: BinaryPrepared, t: string, ia: string, ib: string, io: string): void {
  const clampOffset = (): void => {
    const off = p.outputOffset === 0 ? '' : ` + ${cInt(p.outputOffset)}`;
    w.line(`out[${io}] = (${t})(ingot_clamp_i32(r, ${cInt(p.actMin - p.outputOffset)}, ${cInt(p.actMax - p.outputOffset)})${off});`);
  };
  switch (p.mode) {
    case 'float':
      w.line(`const float v = ${row.float(`a[${ia}]`, `b[${ib}]`)};`);
      w.line(`out[${io}] = ${floatClamp('v', p.actMin, p.actMax)};`);
      return;
    case 'int':
      w.line(`const int32_t x = a[${ia}];`);
      w.line(`const int32_t y = b[${ib}];`);
      w.line(`out[${io}] = (${t})${row.int('x', 'y')};`);
      return;
    case 'fixed':
      w.lines(row.fixed!(plusOffset(`a[${ia}]`, p.input1Offset), plusOffset(`b[${ib}]`, p.input2Offset), p));
      clampOffset();
      return;
    case 'onnx':
      w.line(`const float x = ${cFloat(p.input1Scale)} * (float)${plusOffset(`a[${ia}]`, p.input1Offset)};`);
      w.line(`const float y = ${cFloat(p.input2Scale)} * (float)${plusOffset(`b[${ib}]`, p.input2Offset)};`);
      w.line(`const float v = ${row.float('x', 'y')};`);
      w.line(`const float r = ingot_round_half_even_f32(v / ${cFloat(p.outputScale)});`);
      w.line(`out[${io}] = (${t})ingot_saturate_rounded(r, ${cInt(p.outputOffset)}, ${cInt(p.actMin)}, ${cInt(p.actMax)});`);
      return;
  }
}

function defineBinaryKernel<K extends BinaryKind>(kind: K): CKernel<K, BinaryPrepared> {
  const row = ROWS[kind];
  return defineKernel({
    kind,
    unsupported: ({ prepared: p }: KernelContext<BinaryPrepared>) => (p.mode === 'fixed' && !row.fixed ? `TFLite-quantized ${kind}` : undefined),
    emit({ op, graph, prepared: p }: KernelContext<BinaryPrepared>) {
      const t = outType(graph, op);
      const w = new CWriter();
      const dims = collapseDims(p.outShape, [broadcastStrides(p.shape1, p.outShape), broadcastStrides(p.shape2, p.outShape), contiguousStrides(p.outShape)]);
      stridedLoops(w, dims, ['0', '0', '0'], ([ia, ib, io]) => element(w, row, p, t, ia!, ib!, io!));
      return {
        params: [
          { kind: 'input', index: 0, name: 'a', ctype: t },
          { kind: 'input', index: 1, name: 'b', ctype: t },
          { kind: 'output', index: 0, name: 'out', ctype: t },
        ],
        body: w,
        noAlias: false,
      };
    },
  });
}

export const addKernel = defineBinaryKernel('add');
export const subKernel = defineBinaryKernel('sub');
export const mulKernel = defineBinaryKernel('mul');
export const divKernel = defineBinaryKernel('div');
export const maximumKernel = defineBinaryKernel('maximum');
export const minimumKernel = defineBinaryKernel('minimum');
