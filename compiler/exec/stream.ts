/**
 * Streams: arrays holding several frames of a model's inputs stacked on a
 * new first axis, run one after another from one reset, so a model that
 * keeps state (an LSTM, an audio front end's noise estimate) carries it from
 * frame to frame — TFLite Micro's consecutive invokes. Every way of running
 * a model (`ingot run --stream`, the tests) splits and stacks frames here.
 */
import { elementCount, fail, formatShape, type DType, type TensorData } from '../ir/index.js';
import { checkInputs, type GivenArray, type InputSpec } from './inputs.js';

export interface FrameArray {
  dtype: DType;
  shape: number[];
  data: TensorData;
}

/** How many frames the stacked arrays hold, after checking each is [frames, …its input's shape]. */
function streamFrames(specs: readonly InputSpec[], given: readonly GivenArray[]): number {
  if (given.length !== specs.length) fail('input/count', `the model takes ${specs.length} input(s), ${given.length} given`);
  let frames: number | undefined;
  given.forEach((x, k) => {
    const t = specs[k]!;
    const per = elementCount(t.shape);
    const n = x.shape.length > 0 ? x.shape[0]! : 0;
    if (x.shape.length === 0 || n === 0 || elementCount(x.shape.slice(1)) !== per) {
      fail('input/shape', `input ${k} '${t.name}' of a stream must be frames stacked on a first axis, [frames, …${formatShape(t.shape)}]; the given array has ${formatShape(x.shape)}`, {
        tensor: t.name, hint: 'stack the frames with numpy.stack(frames) (one frame per row)',
      });
    }
    if (frames !== undefined && n !== frames) fail('input/shape', `input ${k} '${t.name}' holds ${n} frames, input 0 holds ${frames}`, { tensor: t.name });
    frames = n;
  });
  checkInputs(specs, given.map((x) => ({ dtype: x.dtype, shape: x.shape.slice(1) })));
  return frames ?? 1;
}

/** The arrays checked as one inference, or (`stream`) as stacked frames: how many inferences they hold. */
export function checkRunInputs(specs: readonly InputSpec[], given: readonly GivenArray[], stream: boolean): number {
  if (stream) return streamFrames(specs, given);
  checkInputs(specs, given);
  return 1;
}

/** Frame `f` of an array holding `frames` frames stacked on its first axis (the array itself when there is one frame). */
export function frameOf<A extends FrameArray>(x: A, f: number, frames: number): A {
  if (frames === 1) return x;
  const per = x.data.length / frames;
  return { ...x, shape: x.shape.slice(1), data: x.data.subarray(f * per, (f + 1) * per) as TensorData };
}

/** One output's frames (each the model output's shape) stacked on a new first axis. */
export function stackFrames(dtype: DType, shape: readonly number[], frames: readonly TensorData[]): FrameArray {
  const per = elementCount(shape);
  const first = frames[0];
  if (first === undefined) fail('input/shape', 'a stream needs at least one frame');
  const data = new (first.constructor as new (n: number) => TensorData)(per * frames.length);
  frames.forEach((f, k) => (data as Int8Array).set(f as Int8Array, k * per));
  return { dtype, shape: [frames.length, ...shape], data };
}
