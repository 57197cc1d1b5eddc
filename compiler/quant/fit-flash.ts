/**
 * Mixed precision under a whole-bundle flash budget (code + weights), as
 * `ingot compile --quantize mixed --max-flash` asks for. quantizeModel's
 * mixed search budgets constant data only; the rest of a bundle's flash —
 * generated code, its tables, the runtime — is measured by compiling, so
 * the caller passes `flashOf` (compile and return the predicted flash) and
 * this module stays independent of the backends.
 *
 * The idea: compile the all-int8 graph once; everything in its flash that
 * is not constant data is the overhead; the weight budget is the flash
 * budget minus that overhead. Kernels with 4- or 2-bit weights carry
 * unpacking code, so a mix can need more overhead than all-int8: when the
 * chosen mix does not fit, its own overhead is charged and the widths are
 * chosen again (a few rounds at most; each round only lowers the weight
 * budget). When no round fits, that is a `size/over-flash` diagnostic.
 */
import { elementCount, fail, type Graph } from '../ir/index.js';
import type { Sample } from './calibrate.js';
import { constantBytes, quantizeModel, type QuantizeOptions, type QuantizeResult } from './quantize-model.js';
import { QUANT_RULES } from './rules.js';
import { weightStorageBytes } from './weights.js';

/** How the widths were fitted to the flash budget. */
export interface FlashFit {
  /** The flash budget of the whole bundle. */
  maxFlashBytes: number;
  /** Flash of the all-int8 bundle that is not constant data (code, tables, runtime). */
  int8OverheadBytes: number;
  /** The constant-data budget the chosen widths were searched under. */
  weightBudgetBytes: number;
  /** Predicted flash of the chosen bundle, within the budget. */
  flashBytes: number;
  /** Width searches run (1 unless narrow kernels' code pushed a mix over). */
  rounds: number;
}

export type QuantizeBaseOptions = Omit<QuantizeOptions, 'mode' | 'maxFlashBytes'>;

const MAX_ROUNDS = 3;

/** Quantizes with per-layer widths chosen so the compiled bundle fits `maxFlashBytes`. */
export async function quantizeForFlash(
  graph: Graph, samples: readonly Sample[], options: QuantizeBaseOptions, maxFlashBytes: number, flashOf: (g: Graph) => Promise<number>,
): Promise<QuantizeResult & { fit: FlashFit }> {
  // The int8 graph is only measured: no accuracy evaluation for it.
  const int8 = quantizeModel(graph, samples, { ...options, mode: 'int8', evalSamples: [] });
  const int8Overhead = (await flashOf(int8.graph)) - constantBytes(int8.graph);
  const floor = twoBitConstantBytes(int8.graph);
  if (int8Overhead + floor > maxFlashBytes) {
    fail('size/over-flash', `the bundle cannot fit --max-flash ${maxFlashBytes} bytes even with every weight at 2 bits: code and tables ~${int8Overhead} + constant data at least ${floor} bytes`, {
      hint: `raise --max-flash to at least ${int8Overhead + floor}, or pick a smaller model`,
    });
  }
  let budget = maxFlashBytes - int8Overhead;
  for (let round = 1; ; round++) {
    const result = quantizeModel(graph, samples, { ...options, mode: 'mixed', maxFlashBytes: budget });
    const flash = await flashOf(result.graph);
    const fit: FlashFit = { maxFlashBytes, int8OverheadBytes: int8Overhead, weightBudgetBytes: budget, flashBytes: flash, rounds: round };
    const next = maxFlashBytes - (flash - constantBytes(result.graph));
    if (flash <= maxFlashBytes) return { ...result, fit };
    // Charging this mix's own code is worth another round only while it lowers the budget and 2-bit weights still fit it.
    if (round === MAX_ROUNDS || next >= budget || next < floor) {
      const widths = (result.report.mixed?.layers ?? []).map((l) => l.bits).join(',');
      const constants = constantBytes(result.graph);
      fail('size/over-flash', `no per-layer weight widths fit the bundle in --max-flash ${maxFlashBytes} bytes: the closest choice (widths ${widths}) needs about ${flash} bytes (code and tables ~${flash - constants} + constant data ${constants})`, {
        hint: 'raise --max-flash; narrower weights need more unpacking code, so they do not always shrink a bundle whose code dominates',
      });
    }
    budget = next;
  }
}

/** Constant bytes of an int8-quantized graph with every layer's weights stored at 2 bits. */
function twoBitConstantBytes(int8: Graph): number {
  let bytes = constantBytes(int8);
  for (const op of int8.ops) {
    const slot = QUANT_RULES[op.kind].weights;
    const weights = slot === undefined ? undefined : int8.tensors[op.inputs[slot.input] ?? -1];
    if (weights?.data === undefined || weights.dtype !== 'i8') continue;
    const count = elementCount(weights.shape);
    bytes -= weightStorageBytes(count, 8) - weightStorageBytes(count, 2);
  }
  return bytes;
}
