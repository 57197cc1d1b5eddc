/**
 * One static C function per distinct kernel configuration. Each op's kernel
 * emission (parameters + body, with every shape and constant a literal) is
 * keyed by its full text; ops with identical text share one function,
 * named deterministically by op kind and order of first use.
 *
 * A function only one layer calls and with more parameters than any target
 * passes in registers (a concatenation of many inputs, the LSTM's nine
 * tensors) binds some of them itself: the constant arrays become locals set
 * to those arrays, and when the arena tensors alone are still too many, the
 * function takes the arena and sets them from it too. Otherwise every
 * argument past the registers is stored on the stack at the call and read
 * back in the kernel: code for both, and an outgoing-argument area in
 * `_invoke`'s frame on top of the kernel's own (the float LSTM's 28-input
 * concatenation took 250 bytes of stack on a Cortex-M4 that way).
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

/** No target passes more pointer arguments in registers (RISC-V and AArch64: 8; Arm M: 4). */
const REGISTER_ARGUMENTS = 8;

export interface KernelCall {
  lowered: LoweredOp;
  emission: KernelEmission;
  /** The function the layer calls; empty when the op writes no elements (a zero-length output) and so has no call. */
  functionName: string;
  /** The call's arguments when the function binds some parameters itself (see the header); else one per parameter. */
  boundArguments?: string[];
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

/** True when the parameter is bound to a constant array (a weight tensor or derived data), not to an arena slot. */
function isConstant(call: Pick<KernelCall, 'lowered'>, p: KernelParam): boolean {
  const { op, ctx } = call.lowered;
  return p.kind === 'data' || (p.kind === 'input' && ctx.graph.tensors[op.inputs[p.index]!]!.data !== undefined);
}

/**
 * The definition of a function one call makes, binding parameters itself
 * (see the header), and the arguments that call then passes: `args` are
 * the call's expressions, one per parameter (arena slots over `a`).
 */
function boundDefinition(name: string, call: Pick<KernelCall, 'lowered' | 'emission'>, args: readonly string[]): { text: string; passed: string[] } {
  const e = call.emission;
  const constant = e.params.map((p) => isConstant(call, p));
  const takesArena = constant.filter((c) => !c).length > REGISTER_ARGUMENTS;
  const bound = e.params.map((_, i) => takesArena || constant[i]!);
  const w = new CWriter();
  const params = takesArena ? ['uint8_t *a'] : e.params.filter((_, i) => !bound[i]).map((p) => paramDecl(p, e.noAlias));
  w.block(`static void ${name}(${params.length > 0 ? params.join(', ') : 'void'})`, () => {
    e.params.forEach((p, i) => {
      if (bound[i]) w.line(`${paramDecl(p, e.noAlias)} = ${args[i]!};`);
    });
    // In its own block, so a name `a` of the kernel's own cannot clash with the arena parameter.
    if (takesArena) w.block('', () => w.append(e.body));
    else w.append(e.body);
  });
  return { text: w.toString(), passed: takesArena ? ['a'] : args.filter((_, i) => !bound[i]) };
}

/** The C argument expressions of a layer's call, one per parameter of its emission. */
export type CallArguments = (call: Pick<KernelCall, 'lowered' | 'emission'>) => string[];

/** Emits every op's kernel (in execution order) and merges identical ones. */
export function buildFunctions(ordered: readonly LoweredOp[], argumentsOf: CallArguments): { functions: KernelFunction[]; calls: KernelCall[] } {
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
  const byName = new Map([...byText.values()].map((f) => [f.name, f]));
  for (const call of calls) {
    const fn = byName.get(call.functionName);
    if (fn === undefined || fn.ops.length !== 1 || call.emission.params.length <= REGISTER_ARGUMENTS) continue;
    const { text, passed } = boundDefinition(fn.name, call, argumentsOf(call));
    fn.text = text;
    call.boundArguments = passed;
  }
  const functions = [...byText.values()].map((f) => ({
    ...f,
    text: `/* ${f.name.replace(/_\d+$/, '')}: op${f.ops.length > 1 ? 's' : ''} ${f.ops.join(', ')} */\n${f.text}`,
  }));
  return { functions, calls };
}
