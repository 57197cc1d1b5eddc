/**
 * PAD / PADV2 in C: fill the output with the pad value (memset when every
 * byte of the value is the same), then copy the input in, row by row, at
 * the offset of its `before` padding — what `pad.evalRef` does.
 */
import { byteSize, bytesOf, elementCount, outputAt, type DType } from '../../ir/index.js';
import type { PadPrepared } from '../../ops/pad.js';
import { cFloat, cInt } from '../literals.js';
import { CWriter } from '../writer.js';
import { inputOutputParams, outType } from './common.js';
import { defineKernel, type KernelContext } from './kernel.js';
import { collapseDims, contiguousStrides, stridedLoops } from './loops.js';

/** The byte that fills a value of `dtype` when all its bytes are equal, else undefined. */
function uniformByte(dtype: DType, value: number): number | undefined {
  const one = dtype === 'f32' ? new Float32Array([value]) : dtype === 'i16' ? new Int16Array([value]) : dtype === 'i32' ? new Int32Array([value]) : new Uint8Array([value & 0xff]);
  const bytes = bytesOf(one);
  return bytes.every((b) => b === bytes[0]) ? bytes[0] : undefined;
}

export const padKernel = defineKernel({
  kind: 'pad',
  emit({ op, graph, prepared: p }: KernelContext<PadPrepared>) {
    const t = outType(graph, op);
    const dtype = outputAt(graph, op).dtype;
    const w = new CWriter();
    const total = elementCount(p.outShape);
    const fill = uniformByte(dtype, p.value);
    if (fill !== undefined) w.line(`memset(output, ${fill}, ${byteSize(dtype, total)});`);
    else w.line(`for (int32_t i = 0; i < ${total}; ++i) output[i] = ${dtype === 'f32' ? cFloat(p.value) : `(${t})${cInt(p.value)}`};`);

    const outStrides = contiguousStrides(p.outShape);
    const start = p.before.reduce((o, b, d) => o + b * outStrides[d]!, 0);
    const dims = collapseDims(p.inShape, [contiguousStrides(p.inShape), outStrides]);
    const last = dims[dims.length - 1];
    if (elementCount(p.inShape) > 0 && last && last.strides[0] === 1 && last.strides[1] === 1) {
      stridedLoops(w, dims.slice(0, -1), ['0', String(start)], ([src, dst]) => {
        w.line(`memcpy(output + ${dst}, input + ${src}, ${last.count} * sizeof(*output));`);
      });
    } else if (elementCount(p.inShape) > 0) {
      stridedLoops(w, dims, ['0', String(start)], ([src, dst]) => w.line(`output[${dst}] = input[${src}];`));
    } else {
      w.line('(void)input;');
    }
    return {
      params: inputOutputParams(t),
      body: w,
      noAlias: true,
    };
  },
});
