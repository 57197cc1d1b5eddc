/**
 * LOGISTIC, TANH, RELU, RELU6, RELU_N1_TO_1 and LEAKY_RELU in C, as rows of
 * one table mirroring the activation family's `evalRef`: one flat loop, one
 * expression per element. Integer rows requantize with the prepared
 * multipliers (relu family, leaky relu) or run gemmlowp's fixed-point
 * logistic/tanh on the input rescaled to Q4.27; float rows call libm's
 * expf/tanhf where the reference calls exp/tanh (compared within the float
 * tolerance, like every float output).
 *
 * The output may share memory with the input (element i is read before it
 * is written).
 */
import type { ActivationPrepared } from '../../ops/activations.js';
import { cFloat, cInt } from '../literals.js';
import { CWriter } from '../writer.js';
import { inputOutputParams, outType } from './common.js';
import { defineKernel, type CKernel, type KernelContext } from './kernel.js';

type ActivationKind = ActivationPrepared['kind'];

interface ActivationRow {
  /** Statements turning float `x` into float `y`. */
  float(p: Pick<ActivationPrepared, 'alpha'>): string[];
  /** Statements turning integer `q` into the int32 result `y` (already clamped). */
  int(p: ActivationPrepared): string[];
}

/** Requantize q − zp_in by the prepared multiplier, add zp_out, clamp to [qmin, qmax]. */
const requantizeClamp = (p: ActivationPrepared): string[] => [
  `const int32_t y = ingot_clamp_i32(ingot_mbqm(q - ${cInt(p.inputZeroPoint)}, ${cInt(p.multiplier)}, ${cInt(p.shift)}), ${cInt(p.qmin - p.outputZeroPoint)}, ${cInt(p.qmax - p.outputZeroPoint)}) + ${cInt(p.outputZeroPoint)};`,
];

/** Logistic/tanh integer path: saturate beyond the radius, else fixed-point in Q4.27. */
const fixedPoint = (fn: 'ingot_logistic' | 'ingot_tanh', shift: number, bias: number) => (p: ActivationPrepared): string[] => [
  `const int32_t x = q - ${cInt(p.inputZeroPoint)};`,
  'int32_t y;',
  `if (x <= ${cInt(-p.rangeRadius)}) y = -128;`,
  `else if (x >= ${cInt(p.rangeRadius)}) y = 127;`,
  `else y = ingot_clamp_i32(ingot_rdbp(${fn}(ingot_mbqm(x, ${cInt(p.multiplier)}, ${cInt(p.shift)}), 4), ${shift})${bias === 0 ? '' : ` - ${bias}`}, -128, 127);`,
];

const ROWS: Record<ActivationKind, ActivationRow> = {
  logistic: {
    float: () => [
      'float y;',
      `if (x > ${cFloat(16.619047164916992)}) y = 1.0f;`,
      `else if (x < ${cFloat(-9)}) y = expf(x);`,
      'else y = 1.0f / (1.0f + expf(-x));',
    ],
    int: fixedPoint('ingot_logistic', 23, 128),
  },
  tanh: { float: () => ['const float y = tanhf(x);'], int: fixedPoint('ingot_tanh', 24, 0) },
  relu: { float: () => ['const float y = x < 0.0f ? 0.0f : x;'], int: requantizeClamp },
  relu6: { float: () => ['const float y = x < 0.0f ? 0.0f : x > 6.0f ? 6.0f : x;'], int: requantizeClamp },
  relu_n1_to_1: { float: () => ['const float y = x < -1.0f ? -1.0f : x > 1.0f ? 1.0f : x;'], int: requantizeClamp },
  leaky_relu: {
    float: (p) => [`const float y = x > 0.0f ? x : x * ${cFloat(p.alpha)};`],
    int: (p) => [
      `const int32_t x = q - ${cInt(p.inputZeroPoint)};`,
      `const int32_t v = x >= 0 ? ingot_mbqm(x, ${cInt(p.multiplier)}, ${cInt(p.shift)}) : ingot_mbqm(x, ${cInt(p.negMultiplier)}, ${cInt(p.negShift)});`,
      `const int32_t y = ingot_clamp_i32(v, ${cInt(p.qmin - p.outputZeroPoint)}, ${cInt(p.qmax - p.outputZeroPoint)}) + ${cInt(p.outputZeroPoint)};`,
    ],
  },
};

function defineActivationKernel<K extends ActivationKind>(kind: K): CKernel<K, ActivationPrepared> {
  const row = ROWS[kind];
  return defineKernel({
    kind,
    emit({ op, graph, prepared: p }: KernelContext<ActivationPrepared>) {
      const t = outType(graph, op);
      const w = new CWriter();
      w.block(`for (int32_t i = 0; i < ${p.count}; ++i)`, () => {
        if (p.dtype === 'f32') {
          w.line('const float x = input[i];');
          w.lines(row.float(p));
          w.line('output[i] = y;');
        } else {
          w.line('const int32_t q = input[i];');
          w.lines(row.int(p));
          w.line(`output[i] = (${t})y;`);
        }
      });
      return {
        params: inputOutputParams(t),
        body: w,
        noAlias: false,
      };
    },
  });
}

/** The statements of a float row (logistic or tanh) turning float `x` into float `y`, for kernels that apply it inside. */
export const floatActivationLines = (kind: 'logistic' | 'tanh'): string[] => ROWS[kind].float({ alpha: 0 });

export const logisticKernel = defineActivationKernel('logistic');
export const tanhKernel = defineActivationKernel('tanh');
export const reluKernel = defineActivationKernel('relu');
export const relu6Kernel = defineActivationKernel('relu6');
export const reluN1To1Kernel = defineActivationKernel('relu_n1_to_1');
export const leakyReluKernel = defineActivationKernel('leaky_relu');
