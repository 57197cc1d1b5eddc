/**
 * ONNX Runtime (onnxruntime-node, CPU) as a differential oracle: the same
 * .onnx file, the same float32 input, its output to compare with Ingot's.
 */
import * as ort from 'onnxruntime-node';

export interface OrtModel {
  run(input: Float32Array, shape: number[]): Promise<Float32Array>;
}

/** A session on one model with one float input and one float output (default, i.e. full, graph optimization). */
export async function ortSession(path: string): Promise<OrtModel> {
  const session = await ort.InferenceSession.create(path, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const [inputName] = session.inputNames;
  const [outputName] = session.outputNames;
  return {
    async run(input, shape) {
      const result = await session.run({ [inputName!]: new ort.Tensor('float32', input, shape) });
      return result[outputName!]!.data as Float32Array;
    },
  };
}
