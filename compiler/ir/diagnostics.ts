/**
 * Diagnostics: errors as data with stable codes.
 *
 * Library code never prints or exits; it throws an IngotError that carries a
 * Diagnostic. The CLI renders it as one line and sets the exit status. Codes are
 * part of the public interface: tests and build systems match on them.
 */

export type DiagnosticCode =
  | 'model/not-found'
  | 'model/unknown-format'
  | 'file/bad-gzip'
  | 'tflite/not-tflite'
  | 'tflite/truncated'
  | 'tflite/bad-offset'
  | 'tflite/bad-index'
  | 'tflite/bad-buffer'
  | 'tflite/too-large'
  | 'tflite/no-subgraph'
  | 'tflite/npu-model'
  | 'tflite/unsupported-type'
  | 'tflite/bad-quantization'
  | 'onnx/corrupt'
  | 'onnx/invalid'
  | 'onnx/unsupported-opset'
  | 'onnx/unsupported-op'
  | 'onnx/unsupported-type'
  | 'onnx/external-data'
  | 'onnx/dynamic-shape'
  | 'onnx/bad-attribute'
  | 'graph/invalid'
  | 'shape/mismatch'
  | 'op/unsupported'
  | 'op/unsupported-dtype'
  | 'op/bad-attribute'
  | 'input/count'
  | 'input/shape'
  | 'input/dtype'
  | 'npy/invalid'
  | 'npy/unsupported-dtype'
  | 'cli/bad-argument'
  | 'backend/unsupported-op'
  | 'bundle/invalid'
  | 'quant/not-float'
  | 'quant/unsupported-op'
  | 'quant/non-constant-weights'
  | 'quant/over-budget'
  | 'quant/bad-option'
  | 'calib/not-found'
  | 'calib/count'
  | 'calib/shape'
  | 'calib/dtype'
  | 'calib/invalid'
  | 'npz/invalid'
  | 'export/unsupported'
  | 'target/unknown'
  | 'target/wrong-backend'
  | 'bundle/not-runnable'
  | 'build/no-compiler'
  | 'build/failed'
  | 'run/failed'
  | 'output/exists'
  | 'output/unwritable'
  | 'size/over-flash'
  | 'size/over-ram';

export interface Diagnostic {
  code: DiagnosticCode;
  /** One sentence: what is wrong, naming the op, tensor or file. */
  message: string;
  /** What the user can do about it. */
  hint?: string;
  /** Index of the op in execution order, when one op is at fault. */
  opIndex?: number;
  /** Name of the tensor at fault, when there is one. */
  tensor?: string;
}

export class IngotError extends Error {
  readonly diagnostic: Diagnostic;
  constructor(diagnostic: Diagnostic) {
    super(diagnostic.message);
    this.name = 'IngotError';
    this.diagnostic = diagnostic;
  }
  get code(): DiagnosticCode {
    return this.diagnostic.code;
  }
}

/** Throws an IngotError; typed `never` so callers can use it in expressions. */
export function fail(code: DiagnosticCode, message: string, extra: Omit<Diagnostic, 'code' | 'message'> = {}): never {
  throw new IngotError({ code, message, ...extra });
}

/** One line for a terminal: `error[code]: message (hint)`. */
export function formatDiagnostic(d: Diagnostic): string {
  const hint = d.hint ? ` — ${d.hint}` : '';
  return `error[${d.code}]: ${d.message}${hint}`;
}
