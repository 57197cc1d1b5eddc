/**
 * ONNX Runtime (onnxruntime-node, CPU) as a differential oracle: the same
 * .onnx file, the same float32 input, its output to compare with Ingot's.
 */
import * as ort from 'onnxruntime-node';

export interface OrtModel {
  run(input: Float32Array, shape: number[]): Promise<Float32Array>;
}

/**
 * A session on one model with one float input and one float output (default, i.e. full, graph optimization).
 *
 * `session.x64quantprecision`: on x86-64 cores without VNNI (AVX2 ones, such as AMD Zen 3), ONNX Runtime
 * multiplies uint8 activations by int8 weights with `vpmaddubsw`, whose int16 sums of two products saturate
 * once weights leave [−64, 63], and its quantized outputs then stray far from the operators' definition
 * (mnist-8's QDQ twin: 8 % of logits exact). The option widens such weights first, so the oracle computes
 * what the ONNX specification says on every core; on VNNI cores it changes nothing.
 */
export async function ortSession(path: string): Promise<OrtModel> {
  const session = await ort.InferenceSession.create(path, { intraOpNumThreads: 1, interOpNumThreads: 1, extra: { session: { x64quantprecision: '1' } } });
  const [inputName] = session.inputNames;
  const [outputName] = session.outputNames;
  return {
    async run(input, shape) {
      const result = await session.run({ [inputName!]: new ort.Tensor('float32', input, shape) });
      return result[outputName!]!.data as Float32Array;
    },
  };
}
