/**
 * Validation helpers shared by op files: each failure becomes a diagnostic
 * that names the op, the tensor and what was expected.
 */
import { fail, formatShape, inputAt, outputAt, type DType, type Graph, type Op, type Tensor } from '../../ir/index.js';

export function describeOp(op: Op): string {
  return `${op.kind} '${op.name}'`;
}

export function requireRank(op: Op, t: Tensor, rank: number, role: string): void {
  if (t.shape.length !== rank) {
    fail('op/unsupported', `${describeOp(op)}: ${role} '${t.name}' has shape ${formatShape(t.shape)}; rank ${rank} is required`, { tensor: t.name });
  }
}

export function requireDtype(op: Op, t: Tensor, allowed: readonly DType[], role: string): void {
  if (!allowed.includes(t.dtype)) {
    fail('op/unsupported-dtype', `${describeOp(op)}: ${role} '${t.name}' is ${t.dtype}; supported: ${allowed.join(', ')}`, {
      tensor: t.name,
      hint: 'quantize the model to int8 (or int16 activations with int8 weights), or keep it float32',
    });
  }
}

export function requireConst(op: Op, t: Tensor, role: string): asserts t is Tensor & { data: NonNullable<Tensor['data']> } {
  if (t.data === undefined) {
    fail('op/unsupported', `${describeOp(op)}: ${role} '${t.name}' must be a constant`, { tensor: t.name, hint: 'only constant weights and shape operands are supported' });
  }
}

export function requireQuantized(op: Op, t: Tensor, role: string): void {
  if (t.dtype !== 'f32' && t.dtype !== 'bool' && t.quant === undefined) {
    fail('op/unsupported', `${describeOp(op)}: ${role} '${t.name}' is ${t.dtype} without quantization parameters`, { tensor: t.name });
  }
}

/** Input 0 and output 0 share dtype; the common case for unary and data-movement ops. */
export function sameDtypeInOut(op: Op, g: Graph): { input: Tensor; output: Tensor } {
  const input = inputAt(g, op, 0);
  const output = outputAt(g, op);
  if (input.dtype !== output.dtype) {
    fail('op/unsupported-dtype', `${describeOp(op)}: input is ${input.dtype} but output is ${output.dtype}`, { tensor: output.name });
  }
  return { input, output };
}

/** Strides, dilations and window sizes must be positive integers. */
export function requirePositive(op: Op, values: Record<string, number>): void {
  for (const [name, v] of Object.entries(values)) {
    if (!Number.isInteger(v) || v < 1) {
      fail('op/bad-attribute', `${describeOp(op)}: ${name} is ${v}; it must be a positive integer`);
    }
  }
}

/**
 * Both tensors unquantized, or both with one scale and zero point, equal:
 * then their stored integers map to reals by one increasing function, so
 * copying, comparing or picking stored values is exact.
 */
export function sameTensorQuant(a: Tensor, b: Tensor): boolean {
  if (a.quant === undefined || b.quant === undefined) return a.quant === b.quant;
  return a.quant.scale.length === 1 && b.quant.scale.length === 1 && a.quant.scale[0] === b.quant.scale[0] && a.quant.zeroPoint[0] === b.quant.zeroPoint[0];
}
