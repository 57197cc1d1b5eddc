/**
 * The `--input-shape name=1x3x224x224` option shared by the commands that
 * import a model: a static shape for an ONNX graph input whose dimensions
 * are symbolic (batch size, sequence length) or missing. Repeatable, one
 * per input; a scalar input is `name=`.
 */
import { UsageError } from './usage-error.js';

export function parseInputShapes(values: readonly string[]): Record<string, number[]> {
  const shapes: Record<string, number[]> = {};
  for (const value of values) {
    const eq = value.lastIndexOf('=');
    if (eq <= 0) throw new UsageError(`--input-shape '${value}' is not NAME=DIMS (e.g. input=1x3x224x224)`);
    const name = value.slice(0, eq);
    const text = value.slice(eq + 1).trim();
    const dims = text === '' ? [] : text.split(/[x,]/).map((d) => Number(d));
    if (dims.some((d) => !Number.isInteger(d) || d < 1)) throw new UsageError(`--input-shape '${value}': dimensions must be positive integers separated by 'x'`);
    if (name in shapes) throw new UsageError(`--input-shape gives input '${name}' twice`);
    shapes[name] = dims;
  }
  return shapes;
}

export const INPUT_SHAPE_OPTION = {
  type: 'string',
  array: true,
  default: [] as string[],
  describe: 'static shape for an ONNX input with symbolic dims, e.g. input=1x3x224x224 (repeatable)',
  coerce: parseInputShapes,
} as const;
