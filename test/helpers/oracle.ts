/**
 * Access to TFLite Micro's recorded outputs in ../shared/oracle: the index,
 * each model's cases, and the .npy inputs and outputs of a case.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TensorData } from '../../compiler/ir/index.js';
import { frameOf } from '../../compiler/exec/stream.js';
import { parseNpy, type NpyArray } from '../../compiler/io/npy.js';
import { compareOutput } from './compare.js';
import { oracleDir, sharedDir } from './paths.js';

export interface OracleM4 {
  instructions_per_invoke: number;
  arena_used_bytes: number;
  text: number;
  rodata: number;
  data: number;
  bss: number;
  ops: string[];
}

export interface OracleEntry {
  id: string;
  model: string;
  arena_used_bytes: number;
  tflm_host_median_us: number;
  cases: number;
  tflm_cortex_m4?: OracleM4;
}

export interface OracleCase {
  name: string;
  inputs: NpyArray[];
  outputs: NpyArray[];
  /**
   * Frames of a stream case (TFLite Micro's `stream_frames`): its inputs and
   * outputs hold that many frames stacked on a first axis, fed one after
   * another through one interpreter, its state carried from frame to frame.
   * 1 for an ordinary case.
   */
  frames: number;
}

/**
 * Runs a case frame by frame through `run` (which keeps the model's state;
 * the caller starts the case from a reset) and compares each frame's
 * outputs with TFLite Micro's: the problems found, empty when all match.
 */
export async function runCaseFrames(c: OracleCase, run: (inputs: NpyArray[]) => TensorData[] | Promise<TensorData[]>, label = c.name): Promise<string[]> {
  const problems: string[] = [];
  for (let f = 0; f < c.frames; f++) {
    const outs = await run(c.inputs.map((x) => frameOf(x, f, c.frames)));
    if (outs.length !== c.outputs.length) problems.push(`${label}: ${outs.length} outputs, TFLite Micro has ${c.outputs.length}`);
    outs.forEach((o, i) => {
      const diff = compareOutput(o, frameOf(c.outputs[i]!, f, c.frames).data);
      if (diff !== undefined) problems.push(`${label}${c.frames > 1 ? ` frame ${f}` : ''} output ${i}: ${diff}`);
    });
  }
  return problems;
}

export function oracleIndex(): OracleEntry[] {
  return JSON.parse(readFileSync(join(oracleDir, 'index.json'), 'utf8')) as OracleEntry[];
}

export function oracleEntry(id: string): OracleEntry {
  const e = oracleIndex().find((x) => x.id === id);
  if (!e) throw new Error(`no oracle entry ${id}`);
  return e;
}

export function modelPath(entry: OracleEntry): string {
  return join(sharedDir, entry.model);
}

export function modelBytes(entry: OracleEntry): Uint8Array {
  return new Uint8Array(readFileSync(modelPath(entry)));
}

/** The cases case.json lists for a model: names, frames (1, or a stream's), and how many inputs and outputs each has. */
export function oracleCaseList(id: string): { cases: Array<{ name: string; frames: number }>; inputs: number; outputs: number } {
  const spec = JSON.parse(readFileSync(join(oracleDir, id, 'case.json'), 'utf8')) as { cases: Array<{ name: string; stream_frames?: number }>; inputs: unknown[]; outputs: unknown[] };
  return { cases: spec.cases.map(({ name, stream_frames: frames = 1 }) => ({ name, frames })), inputs: spec.inputs.length, outputs: spec.outputs.length };
}

/** Every case of a model, with its inputs and TFLite Micro's outputs. */
export function oracleCases(id: string): OracleCase[] {
  const dir = join(oracleDir, id);
  const list = oracleCaseList(id);
  const files = new Set(readdirSync(dir));
  return list.cases.map(({ name, frames }) => {
    const load = (kind: 'in' | 'out', count: number): NpyArray[] =>
      Array.from({ length: count }, (_, i) => {
        const file = `${name}.${kind}${i}.npy`;
        if (!files.has(file)) throw new Error(`oracle file ${id}/${file} is missing`);
        return parseNpy(new Uint8Array(readFileSync(join(dir, file))), file);
      });
    return { name, inputs: load('in', list.inputs), outputs: load('out', list.outputs), frames };
  });
}
