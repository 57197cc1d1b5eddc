/**
 * Checking the arrays given to a model against its inputs — count, element
 * type, element count — with the diagnostics every way of running a model
 * shares (the reference executor and a built C bundle alike).
 */
import { elementCount, fail, formatShape, type DType } from '../ir/index.js';

export interface InputSpec {
  name: string;
  dtype: DType;
  shape: readonly number[];
}

export interface GivenArray {
  dtype: DType;
  shape: readonly number[];
}

export function checkInputs(specs: readonly InputSpec[], given: readonly GivenArray[]): void {
  if (given.length !== specs.length) {
    fail('input/count', `the model takes ${specs.length} input(s), ${given.length} given`);
  }
  given.forEach((input, k) => {
    const t = specs[k]!;
    if (input.dtype !== t.dtype) {
      fail('input/dtype', `input ${k} '${t.name}' is ${t.dtype}, the given array is ${input.dtype}`, { tensor: t.name });
    }
    if (elementCount(input.shape) !== elementCount(t.shape)) {
      fail('input/shape', `input ${k} '${t.name}' has shape ${formatShape(t.shape)}, the given array has ${formatShape(input.shape)}`, { tensor: t.name });
    }
  });
}
