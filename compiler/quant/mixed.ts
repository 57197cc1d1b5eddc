/**
 * Mixed precision: a weight width (8, 4 or 2 bits) per layer that fits a
 * byte budget with the least loss.
 *
 * Sensitivity is measured, not guessed: on calibration samples, the
 * relative noise power of the model's outputs, Σ(q − f)² / Σ f², is taken
 * with every layer at int8, then with one layer at a time lowered to 4 and
 * to 2 bits. A layer's cost at a width is the noise it adds over the
 * all-int8 model. Independent noise sources add in power, so the model's
 * noise is predicted as the sum of the chosen layers' costs, and the
 * choice is a multiple-choice knapsack: least total noise subject to
 * Σ bytes ≤ budget, solved exactly by dynamic programming over bytes
 * (counted in units small enough for ~4,000 steps, rounded up so the
 * answer always fits).
 */
import { fail } from '../ir/index.js';
import type { WeightBits } from './weights.js';

export const WIDTHS: readonly WeightBits[] = [8, 4, 2];

export interface LayerCosts {
  /** Op index of the layer. */
  index: number;
  name: string;
  /** Bytes of the layer's weights at each width. */
  bytes: Record<WeightBits, number>;
  /** Output noise added by this layer at each width (0 at 8 bits). */
  noise: Record<WeightBits, number>;
}

export interface WidthChoice {
  index: number;
  name: string;
  bits: WeightBits;
  bytes: number;
  noise: Record<WeightBits, number>;
}

export interface MixedChoice {
  /** Budget for all constant data (weights, biases, other constants). */
  budgetBytes: number;
  /** Constant bytes of the chosen model. */
  totalBytes: number;
  /** Constant bytes with every layer at int8, for comparison. */
  int8Bytes: number;
  /** Predicted relative output noise: the all-int8 noise plus the chosen layers' costs. */
  predictedNoise: number;
  /** Measured relative output noise with every layer at int8. */
  baseNoise: number;
  layers: WidthChoice[];
}

const STEPS = 4000;

/**
 * Chooses widths. `fixedBytes` is the constant data that does not depend on
 * the widths (biases, other constants).
 */
export function chooseWidths(layers: readonly LayerCosts[], fixedBytes: number, budgetBytes: number, baseNoise: number): MixedChoice {
  const int8Weights = layers.reduce((n, l) => n + l.bytes[8], 0);
  const minWeights = layers.reduce((n, l) => n + l.bytes[2], 0);
  const available = budgetBytes - fixedBytes;
  if (available < minWeights) {
    fail('quant/over-budget', `the weights do not fit ${budgetBytes} bytes even at 2 bits: that needs ${minWeights + fixedBytes} bytes (${fixedBytes} of them biases and other constants)`, {
      hint: `raise --max-flash to at least ${minWeights + fixedBytes}`,
    });
  }
  const unit = Math.max(1, Math.ceil(int8Weights / STEPS));
  const capacity = Math.floor(available / unit);
  const cost = (l: LayerCosts, b: WeightBits): number => Math.ceil(l.bytes[b] / unit);
  // best[u]: least noise of the layers so far using at most u units; pick[l][u]: the width that achieved it.
  let best = new Float64Array(capacity + 1);
  const picks: Uint8Array[] = [];
  for (const l of layers) {
    const next = new Float64Array(capacity + 1).fill(Infinity);
    const pick = new Uint8Array(capacity + 1);
    for (let u = 0; u <= capacity; u++) {
      WIDTHS.forEach((b, w) => {
        const c = cost(l, b);
        if (c <= u && best[u - c]! + l.noise[b] < next[u]!) {
          next[u] = best[u - c]! + l.noise[b];
          pick[u] = w;
        }
      });
    }
    best = next;
    picks.push(pick);
  }
  if (!Number.isFinite(best[capacity]!)) {
    // Only reachable through unit rounding: fall back to all 2-bit, which was checked to fit.
    return summarize(layers, layers.map(() => 2), fixedBytes, budgetBytes, baseNoise);
  }
  const bits: WeightBits[] = new Array<WeightBits>(layers.length);
  let u = capacity;
  for (let i = layers.length - 1; i >= 0; i--) {
    const b = WIDTHS[picks[i]![u]!]!;
    bits[i] = b;
    u -= cost(layers[i]!, b);
  }
  return summarize(layers, bits, fixedBytes, budgetBytes, baseNoise);
}

function summarize(layers: readonly LayerCosts[], bits: readonly WeightBits[], fixedBytes: number, budgetBytes: number, baseNoise: number): MixedChoice {
  const chosen = layers.map((l, i) => ({ index: l.index, name: l.name, bits: bits[i]!, bytes: l.bytes[bits[i]!], noise: l.noise }));
  return {
    budgetBytes,
    totalBytes: fixedBytes + chosen.reduce((n, c) => n + c.bytes, 0),
    int8Bytes: fixedBytes + layers.reduce((n, l) => n + l.bytes[8], 0),
    predictedNoise: baseNoise + chosen.reduce((n, c) => n + c.noise[c.bits], 0),
    baseNoise,
    layers: chosen,
  };
}
