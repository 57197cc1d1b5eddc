/**
 * Mixed precision: the width chooser is an exact knapsack (checked against
 * brute force on random instances), respects the budget, fails clearly when
 * nothing fits, and on a real model the chosen widths are what the graph
 * holds and beat uniform 4-bit weights at the same bytes.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importModel } from '../../compiler/import/index.js';
import { IngotError } from '../../compiler/ir/index.js';
import { chooseWidths, WIDTHS, type LayerCosts } from '../../compiler/quant/mixed.js';
import { quantizeModel } from '../../compiler/quant/quantize-model.js';
import type { WeightBits } from '../../compiler/quant/weights.js';
import { sharedDir } from '../helpers/paths.js';
import { magicWandSamples, prng } from '../helpers/quant-data.js';

function randomLayers(rand: () => number, n: number): LayerCosts[] {
  return Array.from({ length: n }, (_, index) => {
    const count = 1 + Math.floor(rand() * 400);
    const n4 = rand() * 0.1;
    return {
      index, name: `l${index}`,
      bytes: { 8: count, 4: Math.ceil(count / 2), 2: Math.ceil(count / 4) },
      noise: { 8: 0, 4: n4, 2: n4 + rand() * 0.5 },
    };
  });
}

function bruteForce(layers: LayerCosts[], available: number): number {
  let best = Infinity;
  const walk = (i: number, bytes: number, noise: number): void => {
    if (bytes > available) return;
    if (i === layers.length) {
      best = Math.min(best, noise);
      return;
    }
    for (const b of WIDTHS) walk(i + 1, bytes + layers[i]!.bytes[b], noise + layers[i]!.noise[b]);
  };
  walk(0, 0, 0);
  return best;
}

test('the chosen widths fit the budget with the least total noise (brute force agrees)', (t) => {
  const rand = prng(60);
  for (let trial = 0; trial < 40; trial++) {
    const layers = randomLayers(rand, 1 + Math.floor(rand() * 6));
    const fixed = Math.floor(rand() * 50);
    const all2 = layers.reduce((n, l) => n + l.bytes[2], 0);
    const all8 = layers.reduce((n, l) => n + l.bytes[8], 0);
    const budget = fixed + all2 + Math.floor(rand() * (all8 - all2 + 1));
    const choice = chooseWidths(layers, fixed, budget, 0.01);
    t.true(choice.totalBytes <= budget);
    const noise = choice.layers.reduce((n, l) => n + l.noise[l.bits], 0);
    t.true(Math.abs(noise - bruteForce(layers, budget - fixed)) < 1e-12, `trial ${trial}`);
    t.is(choice.predictedNoise, 0.01 + noise);
  }
});

test('a budget below every weight at 2 bits is a diagnostic with the bytes needed', (t) => {
  const layers = randomLayers(prng(61), 3);
  const need = layers.reduce((n, l) => n + l.bytes[2], 0) + 10;
  const e = t.throws(() => chooseWidths(layers, 10, need - 1, 0)) as IngotError;
  t.is(e.code, 'quant/over-budget');
  t.regex(e.diagnostic.hint ?? '', new RegExp(`at least ${need}`));
});

const magicWand = () => importModel(new Uint8Array(readFileSync(join(sharedDir, 'models/tflm-magic-wand/magic_wand.tflite'))), 'magic_wand');

test('magic_wand mixed: the graph holds the chosen widths, fits, and beats uniform 4-bit at the same bytes', (t) => {
  const g = magicWand();
  const calib = magicWandSamples(32, 1);
  const evalSet = magicWandSamples(100, 2);
  const w4 = quantizeModel(g, calib, { mode: 'w4', evalSamples: evalSet });
  const budget = w4.report.constantBytes.quantized;
  const mixed = quantizeModel(g, calib, { mode: 'mixed', maxFlashBytes: budget, evalSamples: evalSet, sensitivitySamples: 16 });
  const m = mixed.report.mixed!;
  t.true(mixed.report.constantBytes.quantized <= budget);
  t.is(m.totalBytes, mixed.report.constantBytes.quantized);
  t.true(new Set(m.layers.map((l) => l.bits)).size > 1, 'a real mix of widths');
  const dtypeOf: Record<WeightBits, 'i8' | 'i4' | 'i2'> = { 8: 'i8', 4: 'i4', 2: 'i2' };
  for (const l of m.layers) {
    const op = mixed.graph.ops.find((o) => o.name === l.name)!;
    t.is(mixed.graph.tensors[op.inputs[1]!]!.dtype, dtypeOf[l.bits], l.name);
  }
  const sM = mixed.report.outputs[0]!.stats;
  const s4 = w4.report.outputs[0]!.stats;
  t.log(`at ${budget} bytes: mixed ${m.layers.map((l) => l.bits).join('/')} SQNR ${sM.sqnrDb?.toFixed(2)} dB top-1 ${sM.top1Agreement}; w4 SQNR ${s4.sqnrDb?.toFixed(2)} dB top-1 ${s4.top1Agreement}`);
  t.true(sM.sqnrDb! > s4.sqnrDb!);
  t.true(sM.top1Agreement! >= s4.top1Agreement!);
});

test('mixed needs a budget, and a budget too small for the chosen mode is named', (t) => {
  const g = magicWand();
  const calib = magicWandSamples(4, 1);
  const noBudget = t.throws(() => quantizeModel(g, calib, { mode: 'mixed' })) as IngotError;
  t.is(noBudget.code, 'quant/bad-option');
  const over = t.throws(() => quantizeModel(g, calib, { mode: 'int8', maxFlashBytes: 1000, evalSamples: [] })) as IngotError;
  t.is(over.code, 'quant/over-budget');
  t.regex(over.message, /the int8 model's constant data is \d+ bytes, over the 1000-byte budget/);
});
