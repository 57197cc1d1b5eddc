/**
 * Property tests of C kernels on small graphs built in code: each case's
 * graph is compiled to a C bundle, all of a file's bundles are linked into
 * one driver program per compiler setting (c-driver.ts), and every case runs
 * on a few seeded random inputs. Outputs must equal the reference
 * executor's (the spec): integers exactly, floats within the float
 * tolerance. One ava test per case and compiler setting.
 */
import test from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile, type CompileResult } from '../../compiler/compile.js';
import { ReferenceExecutor, type RunInput } from '../../compiler/exec/reference.js';
import type { Graph } from '../../compiler/ir/index.js';
import { parseNpy, serializeNpy } from '../../compiler/io/npy.js';
import type { BuildVariant } from './c-bundles.js';
import { buildDriver, runDriver, type Driver } from './c-driver.js';
import { compareOutput } from './compare.js';
import { Random, randomInputs } from './op-graphs.js';
import { scratchDir } from './scratch.js';

/** A graph from a seeded generator. */
export type Build = (r: Random) => Graph;

/** A case: its graph, and optionally how to draw its inputs (default: full integer ranges, floats in [-1, 1)). */
export type OpCase = Build | { build: Build; inputs: (r: Random, g: Graph) => RunInput[] };

interface Prepared {
  name: string;
  result: CompileResult;
  cases: Array<{ inputs: string[]; outputs: string[]; expected: ReturnType<ReferenceExecutor['run']> }>;
}

/** Registers one test per case and variant; `seed` keeps the files' random streams apart. */
export function testOpCases(cases: Readonly<Record<string, OpCase>>, variants: readonly BuildVariant[], opts: { seed?: number; inputsPerCase?: number } = {}): void {
  const dir = scratchDir('ingot-ops-');
  const perCase = opts.inputsPerCase ?? 3;
  const prepared: Prepared[] = Object.entries(cases).map(([name, c], k) => {
    const r = new Random((opts.seed ?? 0x9e3779b9) ^ (k * 7919));
    const build = typeof c === 'function' ? c : c.build;
    const draw = typeof c === 'function' ? randomInputs : c.inputs;
    const graph = build(r);
    graph.name = `op_${name}`;
    const exec = new ReferenceExecutor(graph);
    const runs = Array.from({ length: perCase }, (_, n) => {
      const given = draw(r, graph);
      const inputs = given.map((x, i) => {
        const path = join(dir, `${name}.${n}.in${i}.npy`);
        writeFileSync(path, serializeNpy(x));
        return path;
      });
      return { inputs, outputs: graph.outputs.map((_, i) => join(dir, `${name}.${n}.out${i}.npy`)), expected: exec.run(given) };
    });
    return { name, result: compile(graph), cases: runs };
  });

  const drivers = new Map<string, Promise<Driver>>();
  let queue: Promise<unknown> = Promise.resolve();
  const driverFor = (variant: BuildVariant): Promise<Driver> => {
    let d = drivers.get(variant.id);
    if (d === undefined) {
      d = queue.then(() => buildDriver(prepared.map((p) => p.result), variant));
      queue = d.catch(() => undefined);
      drivers.set(variant.id, d);
    }
    return d;
  };

  for (const variant of variants) {
    for (const p of prepared) {
      test(`${variant.id}: C kernel equals the reference: ${p.name}`, async (t) => {
        const outputs = p.cases.map((c) => c.outputs.map((o) => o.replace(/\.npy$/, `.${variant.id}.npy`)));
        await runDriver(await driverFor(variant), p.result.bundle.name, p.cases.map((c, i) => ({ inputs: c.inputs, outputs: outputs[i]! })));
        p.cases.forEach((c, i) => {
          c.expected.forEach((want, k) => {
            const got = parseNpy(new Uint8Array(readFileSync(outputs[i]![k]!))).data;
            t.is(compareOutput(got, want), undefined, `case ${i} output ${k}`);
          });
        });
      });
    }
  }
}
