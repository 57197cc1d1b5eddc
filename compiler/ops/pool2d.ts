/**
 * AVERAGE_POOL_2D and MAX_POOL_2D: one window walker, two reductions (a
 * family, not two copies). The window is clipped to the image, so padded
 * pixels never count. The integer average rounds half away from zero, as
 * TFLite's reference AveragePool does; float sums round to float32 per step.
 */
import { elementCount, inputAt, outputAt, type Graph, type Op, type Pool2dAttrs, type TensorData } from '../ir/index.js';
import { floatActivationRange, quantizedActivationRange } from './common/activation.js';
import { requireDtype, requirePositive, requireRank, sameDtypeInOut } from './common/checks.js';
import { ioCost } from './common/cost.js';
import { convOutSize } from './common/spatial.js';
import { defineOp, type OpDef } from './op-def.js';

export interface Pool2dPrepared {
  reduce: 'avg' | 'max';
  dtype: 'f32' | 'i8' | 'u8' | 'i16';
  batches: number;
  inH: number; inW: number; channels: number;
  outH: number; outW: number;
  kH: number; kW: number;
  strideH: number; strideW: number;
  padTop: number; padLeft: number;
  actMin: number;
  actMax: number;
}

/** Output height and width of a pooling window over an h×w image (window and strides checked positive). */
export function pooledSize(op: Op, a: Pool2dAttrs, h: number, w: number): [number, number] {
  requirePositive(op, { strideH: a.strideH, strideW: a.strideW, filterH: a.filterH, filterW: a.filterW });
  return [convOutSize(h, a.filterH, a.strideH, 1, a.pads.top, a.pads.bottom), convOutSize(w, a.filterW, a.strideW, 1, a.pads.left, a.pads.right)];
}

function definePool<K extends 'avg_pool2d' | 'max_pool2d'>(kind: K, reduce: 'avg' | 'max'): OpDef<K, Pool2dPrepared> {
  return defineOp({
    kind,
    inferShapes(op: Op<K>, g: Graph): number[][] {
      const input = inputAt(g, op, 0);
      requireRank(op, input, 4, 'input');
      const [n, h, w, c] = input.shape as [number, number, number, number];
      return [[n, ...pooledSize(op, op.attrs as Pool2dAttrs, h, w), c]];
    },
    prepare(op: Op<K>, g: Graph): Pool2dPrepared {
      const { input, output } = sameDtypeInOut(op, g);
      requireDtype(op, input, ['f32', 'i8', 'u8', 'i16'], 'input');
      const a = op.attrs as Pool2dAttrs;
      const r = input.dtype === 'f32' ? floatActivationRange(a.activation) : quantizedActivationRange(a.activation, output);
      return {
        reduce, dtype: input.dtype as Pool2dPrepared['dtype'],
        batches: input.shape[0]!, inH: input.shape[1]!, inW: input.shape[2]!, channels: input.shape[3]!,
        outH: output.shape[1]!, outW: output.shape[2]!, kH: a.filterH, kW: a.filterW,
        strideH: a.strideH, strideW: a.strideW, padTop: a.pads.top, padLeft: a.pads.left,
        actMin: r.min, actMax: r.max,
      };
    },
    evalRef: evalPool,
    cost(op: Op<K>, g: Graph) {
      const a = op.attrs as Pool2dAttrs;
      return ioCost(op, g, elementCount(outputAt(g, op).shape) * a.filterH * a.filterW);
    },
  });
}

function evalPool(p: Pool2dPrepared, inputs: ReadonlyArray<TensorData | undefined>, outputs: TensorData[]): void {
  const input = inputs[0] as Float32Array | Int8Array | Int16Array;
  const out = outputs[0]!;
  const isFloat = p.dtype === 'f32';
  for (let b = 0; b < p.batches; b++) {
    for (let oy = 0; oy < p.outH; oy++) {
      const iy0 = oy * p.strideH - p.padTop;
      const ky0 = Math.max(0, -iy0);
      const ky1 = Math.min(p.kH, p.inH - iy0);
      for (let ox = 0; ox < p.outW; ox++) {
        const ix0 = ox * p.strideW - p.padLeft;
        const kx0 = Math.max(0, -ix0);
        const kx1 = Math.min(p.kW, p.inW - ix0);
        for (let c = 0; c < p.channels; c++) {
          let acc = p.reduce === 'max' ? -Infinity : 0;
          let count = 0;
          for (let ky = ky0; ky < ky1; ky++) {
            for (let kx = kx0; kx < kx1; kx++) {
              const v = input[((b * p.inH + iy0 + ky) * p.inW + ix0 + kx) * p.channels + c]!;
              if (p.reduce === 'max') acc = v > acc ? v : acc;
              else acc = isFloat ? Math.fround(acc + v) : acc + v;
              count++;
            }
          }
          let v: number;
          if (p.reduce === 'max') v = acc;
          else if (isFloat) v = Math.fround(acc / count);
          else {
            const half = Math.trunc(count / 2);
            v = acc > 0 ? Math.trunc((acc + half) / count) : Math.trunc((acc - half) / count);
          }
          out[((b * p.outH + oy) * p.outW + ox) * p.channels + c] = v < p.actMin ? p.actMin : v > p.actMax ? p.actMax : v;
        }
      }
    }
  }
}

export const avgPool2d = definePool('avg_pool2d', 'avg');
export const maxPool2d = definePool('max_pool2d', 'max');
