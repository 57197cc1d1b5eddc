/**
 * FULLY_CONNECTED for AArch64 with NEON (`fully_connected/neon`) or with
 * the dot product (`fully_connected/neon-sdot`): int8 with symmetric
 * weights, per-tensor or per-unit requantization. Batch rows are the
 * pixels of the NEON matrix core (gemm.ts), two at a time, the input offset
 * folded into the bias; rows whose depth is not a multiple of 16 are copied
 * into scratch first so the core may read whole blocks.
 */
import type { FullyConnectedPrepared } from '../../../ops/fully-connected.js';
import { CWriter } from '../../writer.js';
import type { KernelContext, KernelParam } from '../kernel.js';
import type { TargetKernel } from '../select.js';
import { mveWeights } from '../arm-mve/gemm.js';
import { biasValues, foldedBias, int8Weights, isInt8FixedPoint, roundUp } from '../simd/common.js';
import { NEON_INCLUDES, neonFamily } from './conv2d.js';
import { emitNeonGemm } from './gemm.js';
import { neonRequantizer } from './requant.js';

function bias(ctx: Pick<KernelContext<FullyConnectedPrepared>, 'graph' | 'op' | 'prepared'>): Int32Array | undefined {
  const p = ctx.prepared;
  return foldedBias(biasValues(ctx.graph, ctx.op), int8Weights(ctx.graph, ctx.op, p.weightBits, p.units * p.depth), p.units, p.depth, p.inputOffset, roundUp(p.units, 4));
}

function fullyConnectedNeonKernel(dot: boolean): TargetKernel<'fully_connected', FullyConnectedPrepared> {
  const { family, requires } = neonFamily(dot);
  return {
    kind: 'fully_connected',
    id: `fully_connected/${family}`,
    requires,
    applies: (ctx) => isInt8FixedPoint(ctx.graph, ctx.op, ctx.prepared) && bias(ctx) !== undefined,
    scratchBytes: ({ prepared: p }) => (p.depth % 16 === 0 ? 0 : 2 * roundUp(p.depth, 16)),
    emit(ctx: KernelContext<FullyConnectedPrepared>) {
      const { op, graph, prepared: p } = ctx;
      const D16 = roundUp(p.depth, 16);
      const inPlace = p.depth % 16 === 0;
      const params: KernelParam[] = [
        { kind: 'input', index: 0, name: 'input', ctype: 'int8_t' },
        { kind: 'data', name: 'weights', ctype: 'int8_t', data: mveWeights(int8Weights(graph, op, p.weightBits, p.units * p.depth), p.units, p.depth) },
        { kind: 'data', name: 'bias', ctype: 'int32_t', data: bias(ctx)! },
        { kind: 'output', index: 0, name: 'output', ctype: 'int8_t' },
      ];
      if (!inPlace) params.push({ kind: 'scratch', name: 'buf', ctype: 'int8_t' });
      const w = new CWriter();
      const requant = neonRequantizer(w, p, roundUp(p.units, 4));
      w.block(`for (int32_t q = 0; q < ${p.batches}; q += 2)`, () => {
        w.line(`const int32_t q1 = q + 1 < ${p.batches} ? q + 1 : q;`);
        if (inPlace) w.line(`const int8_t *x0 = input + q * ${p.depth}, *x1 = input + q1 * ${p.depth};`);
        else {
          w.line(`memcpy(buf, input + q * ${p.depth}, ${p.depth});`);
          w.line(`memcpy(buf + ${D16}, input + q1 * ${p.depth}, ${p.depth});`);
          w.line(`const int8_t *x0 = buf, *x1 = buf + ${D16};`);
        }
        emitNeonGemm(w, { channels: p.units, K: p.depth, dot, out: [`output + q * ${p.units}`, `output + q1 * ${p.units}`], requant });
      });
      return { params, body: w, noAlias: true, scratchBytes: inPlace ? 0 : 2 * D16, includes: NEON_INCLUDES };
    },
  };
}

export const fullyConnectedNeon = fullyConnectedNeonKernel(false);
export const fullyConnectedNeonSdot = fullyConnectedNeonKernel(true);
