/**
 * ADD, SUB and MUL in C, mirroring the binary family's `evalRef`: NumPy
 * broadcasting by per-operand strides (0 along broadcast dimensions), the
 * float32 operation or TFLite's integer rescaling, then the activation
 * clamp. The three ops are rows of one table, as in the op file.
 *
 * The output may share memory with an input of its own shape (the memory
 * plan allows it); each element is read before it is written, and that
 * input walks the output's offsets, so this is safe.
 */
import type { BinaryPrepared } from '../../ops/binary.js';
import { cInt } from '../literals.js';
import { CWriter } from '../writer.js';
import { floatClamp, outType, plusOffset } from './common.js';
import { defineKernel, type CKernel, type KernelContext } from './kernel.js';
import { collapseDims, contiguousStrides, stridedLoops } from './loops.js';

type BinaryKind = 'add' | 'sub' | 'mul';

interface BinaryRow {
  /** The float32 operation on `a` and `b`. */
  float(a: string, b: string): string;
  /** Statements computing int32 `r` from offset inputs `a` and `b`. */
  quantized(a: string, b: string, p: BinaryPrepared): string[];
}

function addSub(combine: 'ingot_wrap_add' | 'ingot_wrap_sub') {
  return (a: string, b: string, p: BinaryPrepared): string[] => [
    `const int32_t xa = ingot_mbqm_smaller_than_one(ingot_wrap_shl(${a}, ${p.leftShift}), ${cInt(p.input1Multiplier)}, ${cInt(p.input1Shift)});`,
    `const int32_t xb = ingot_mbqm_smaller_than_one(ingot_wrap_shl(${b}, ${p.leftShift}), ${cInt(p.input2Multiplier)}, ${cInt(p.input2Shift)});`,
    `const int32_t r = ingot_mbqm_smaller_than_one(${combine}(xa, xb), ${cInt(p.outputMultiplier)}, ${cInt(p.outputShift)});`,
  ];
}

const ROWS: Record<BinaryKind, BinaryRow> = {
  add: { float: (a, b) => `${a} + ${b}`, quantized: addSub('ingot_wrap_add') },
  sub: { float: (a, b) => `${a} - ${b}`, quantized: addSub('ingot_wrap_sub') },
  mul: {
    float: (a, b) => `${a} * ${b}`,
    quantized: (a, b, p) => [`const int32_t r = ingot_mbqm(ingot_wrap_mul(${a}, ${b}), ${cInt(p.outputMultiplier)}, ${cInt(p.outputShift)});`],
  },
};

/** Strides of an input broadcast to `outShape` (0 along broadcast dims). */
function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const padded = new Array<number>(outShape.length - shape.length).fill(1).concat(shape);
  return contiguousStrides(padded).map((s, d) => (padded[d] === 1 && outShape[d] !== 1 ? 0 : s));
}

function defineBinaryKernel<K extends BinaryKind>(kind: K): CKernel<K, BinaryPrepared> {
  const row = ROWS[kind];
  return defineKernel({
    kind,
    unsupported: ({ prepared: p }: KernelContext<BinaryPrepared>) => (p.dtype === 'i32' ? 'int32 arithmetic' : undefined),
    emit({ op, graph, prepared: p }: KernelContext<BinaryPrepared>) {
      const t = outType(graph, op);
      const w = new CWriter();
      const dims = collapseDims(p.outShape, [broadcastStrides(p.shape1, p.outShape), broadcastStrides(p.shape2, p.outShape), contiguousStrides(p.outShape)]);
      stridedLoops(w, dims, ['0', '0', '0'], ([ia, ib, io]) => {
        if (p.dtype === 'f32') {
          w.line(`const float v = ${row.float(`a[${ia}]`, `b[${ib}]`)};`);
          w.line(`out[${io}] = ${floatClamp('v', p.actMin, p.actMax)};`);
          return;
        }
        w.lines(row.quantized(plusOffset(`a[${ia}]`, p.input1Offset), plusOffset(`b[${ib}]`, p.input2Offset), p));
        const off = p.outputOffset === 0 ? '' : ` + ${cInt(p.outputOffset)}`;
        w.line(`out[${io}] = (${t})(ingot_clamp_i32(r, ${cInt(p.actMin - p.outputOffset)}, ${cInt(p.actMax - p.outputOffset)})${off});`);
      });
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
