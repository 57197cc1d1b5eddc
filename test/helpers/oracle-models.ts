/**
 * Which oracle models Ingot supports, grouped for the test files: the
 * whole-model set and the 127 SEANet single-layer models. The list is
 * explicit (not "whatever passes") so a model that stops working fails a
 * test instead of silently leaving the list.
 */
import { oracleIndex, type OracleEntry } from './oracle.js';

export const WHOLE_MODELS = [
  'tflm-hello-world__hello_world_int8',
  'tflm-hello-world__hello_world_float',
  'tflm-micro-speech__micro_speech_quantized',
  'tflm-person-detection__person_detect',
  'mlperf-tiny-kws-dscnn__kws_ref_model',
  'mlperf-tiny-vww-mobilenet__vww_96_int8',
  'mlperf-tiny-vww-mobilenet__vww_96_float',
  'mlperf-tiny-sww__str_ww_ref_model',
  'tflm-magic-wand__magic_wand',
  'tflm-network-tester-dwconv__network_model',
  'tflm-simple-add__simple_add_model',
  'tflm-mobilenet-v2-pytorch__mobilenet_v2_quantized_1x3x224x224',
  'tflm-test-conv-model__test_conv_model',
  'tflm-mnist-lstm__trained_lstm',
  'tflm-mnist-lstm__trained_lstm_int8',
  'tflm-micro-speech-lstm__micro_speech_lstm',
  'tflm-dtln__dtln_noise_suppression',
  'tflm-keyword-scrambled__keyword_scrambled',
  'tflm-keyword-scrambled__keyword_scrambled_8bit',
  'tflm-micro-speech__audio_preprocessor_int8',
  'tflm-micro-speech__audio_preprocessor_float',
] as const;

/** Oracle models Ingot does not compile (none at present; the test of coverage reads this list). */
export const UNSUPPORTED_MODELS: readonly string[] = [];

export function seanetModels(): OracleEntry[] {
  return oracleIndex().filter((e) => e.id.startsWith('tflm-seanet-layer-tests__'));
}
