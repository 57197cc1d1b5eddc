/**
 * One static C function per distinct kernel configuration. Each op's kernel
 * emission (parameters + body, with every shape and constant a literal) is
 * keyed by its full text; ops with identical text share one function,
 * named deterministically by op kind and order of first use.
 */
import { elementCount } from '../ir/index.js';
import type { KernelEmission, KernelParam } from './kernels/index.js';
import type { LoweredOp } from './lower.js';
import { CWriter } from './writer.js';

export interface KernelFunction {
  name: string;
  /** The C definition, preceded by a comment listing the ops that call it. */
  text: string;
  /** Bytes of the constant tables inside it. */
  tableBytes: number;
  ops: number[];
}

export interface KernelCall {
  lowered: LoweredOp;
  emission: KernelEmission;
  /** The function the layer calls; empty when the op writes no elements (a zero-length output) and so has no call. */
  functionName: string;
}

/** True when every output of the op has no elements: there is nothing to compute (and no distinct pointers to pass). */
function writesNothing(l: LoweredOp): boolean {
  return l.op.outputs.every((o) => elementCount(l.ctx.graph.tensors[o]!.shape) === 0);
}

/** A parameter's C declaration. */
export function paramDecl(p: KernelParam, restrict: boolean): string {
  const isConst = p.kind === 'input' || p.kind === 'data';
  return `${isConst ? 'const ' : ''}${p.ctype} *${restrict ? 'restrict ' : ''}${p.name}`;
}

function definition(name: string, e: KernelEmission): string {
  const params = e.params.map((p) => paramDecl(p, e.noAlias)).join(', ');
  const w = new CWriter();
  w.block(`static void ${name}(${params})`, () => w.append(e.body));
  return w.toString();
}

/** Emits every op's kernel (in execution order) and merges identical ones. */
export function buildFunctions(ordered: readonly LoweredOp[]): { functions: KernelFunction[]; calls: KernelCall[] } {
  const byText = new Map<string, KernelFunction>();
  const perKind = new Map<string, number>();
  const calls: KernelCall[] = [];
  for (const lowered of ordered) {
    if (writesNothing(lowered)) {
      calls.push({ lowered, emission: { params: [], body: new CWriter(), noAlias: true }, functionName: '' });
      continue;
    }
    const emission = lowered.kernel.emit(lowered.ctx);
    const key = definition('KERNEL', emission);
    let fn = byText.get(key);
    if (fn === undefined) {
      const n = perKind.get(lowered.op.kind) ?? 0;
      perKind.set(lowered.op.kind, n + 1);
      const name = `${lowered.op.kind}_${n}`;
      fn = { name, text: definition(name, emission), tableBytes: emission.body.tableBytes, ops: [] };
      byText.set(key, fn);
    }
    fn.ops.push(lowered.opIndex);
    calls.push({ lowered, emission, functionName: fn.name });
  }
  const functions = [...byText.values()].map((f) => ({
    ...f,
    text: `/* ${f.name.replace(/_\d+$/, '')}: op${f.ops.length > 1 ? 's' : ''} ${f.ops.join(', ')} */\n${f.text}`,
  }));
  return { functions, calls };
}
