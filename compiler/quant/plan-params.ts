/**
 * Chooses int8 parameters for every activation tensor of a float graph from
 * its calibration.
 *
 * Tensors that must share parameters (an op's `same`/`shared` rule in
 * rules.ts) are merged into classes with union-find; a class takes the
 * union of its members' ranges, or the fixed parameters one of its members
 * requires (a reshape after softmax keeps 1/256). Every class becomes one
 * scale and zero point (activation-params.ts).
 */
import type { Graph, QuantParams } from '../ir/index.js';
import { asymmetricParams, chooseRange, type Range, type RangeMethod } from './activation-params.js';
import type { Calibration } from './calibrate.js';
import { QUANT_RULES, requireInt8Forms } from './rules.js';

export interface ParamsOptions {
  method: RangeMethod;
  percentile?: number;
}

/** Parameters per tensor index (undefined for constants and non-float tensors). */
export function planActivationParams(g: Graph, calib: Calibration, options: ParamsOptions): Array<QuantParams | undefined> {
  const parent = g.tensors.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const union = (a: number, b: number): void => {
    parent[find(a)] = find(b);
  };
  const isActivation = (i: number): boolean => i >= 0 && calib.histograms[i] !== undefined;
  const fixedOf = new Map<number, QuantParams>();
  requireInt8Forms(g);

  g.ops.forEach((op, index) => {
    const rule = QUANT_RULES[op.kind].output;
    const out = op.outputs[0]!;
    switch (rule.kind) {
      case 'none':
        break;
      case 'same':
        if (isActivation(op.inputs[0]!)) union(out, op.inputs[0]!);
        break;
      case 'shared':
        for (const i of op.inputs) if (isActivation(i)) union(out, i);
        break;
      case 'fixed':
        fixedOf.set(out, rule.params);
        break;
      case 'own':
        break;
    }
  });

  const ranges = new Map<number, Range>();
  g.tensors.forEach((_, i) => {
    const h = calib.histograms[i];
    if (!h || h.count === 0) return;
    const r = chooseRange(h, options.method, options.percentile);
    const root = find(i);
    const prev = ranges.get(root);
    ranges.set(root, prev ? { min: Math.min(prev.min, r.min), max: Math.max(prev.max, r.max) } : r);
  });
  const classFixed = new Map<number, QuantParams>();
  for (const [i, p] of fixedOf) classFixed.set(find(i), p);

  return g.tensors.map((_, i) => {
    if (calib.histograms[i] === undefined) return undefined;
    const root = find(i);
    const p = classFixed.get(root) ?? asymmetricParams(ranges.get(root) ?? { min: 0, max: 0 });
    return { scale: p.scale.slice(), zeroPoint: p.zeroPoint.slice(), axis: 0 };
  });
}
