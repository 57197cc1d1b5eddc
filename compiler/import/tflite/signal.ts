/**
 * TFLite Micro's signal custom operators (the audio front end of its
 * micro_speech example) → the `signal_*` IR ops, their options read from
 * each operator's FlexBuffer map.
 *
 * TFLite Micro reads those maps by position in key order, so a map missing
 * a key would shift every later value; Ingot reads them by name and
 * refuses a map without a key it needs. The spectral subtraction's second
 * output, its noise estimate, is the op's state: TFLite Micro keeps it in
 * the op between invokes (reset to 0), Ingot makes the tensor persistent.
 */
import { fail, type AnyOp } from '../../ir/index.js';
import type { OpContext } from './builtin-ops.js';
import { readFlexbuffer, type FlexValue } from './flexbuffers.js';
import { TENSOR_TYPE } from './schema.js';

type Options = Record<string, FlexValue>;
type Converted = Pick<AnyOp, 'kind' | 'attrs'> & { inputs: number[]; outputs: number[] };

interface Converter {
  /** Tensors the op takes and gives: a model with fewer is damaged. */
  inputs: number;
  outputs: number;
  convert(c: OpContext, option: (key: string) => number): Pick<AnyOp, 'kind' | 'attrs'>;
}

const CONVERTERS: Record<string, Converter> = {
  SignalWindow: { inputs: 2, outputs: 1, convert: (_, option) => ({ kind: 'signal_window', attrs: { shift: option('shift') } }) },
  SignalFftAutoScale: { inputs: 1, outputs: 2, convert: () => ({ kind: 'signal_fft_auto_scale', attrs: {} }) },
  SignalRfft: {
    inputs: 1, outputs: 1,
    convert: (c, option) => {
      if (option('T') !== TENSOR_TYPE.INT16) fail('op/unsupported', `operator ${c.index} (SignalRfft): only the int16 real FFT is supported (its T is type ${option('T')})`, { opIndex: c.index, hint: 'build the front end with the int16 FFT, as TFLite Micro\'s micro_speech does' });
      return { kind: 'signal_rfft', attrs: { fftLength: option('fft_length') } };
    },
  },
  SignalEnergy: { inputs: 1, outputs: 1, convert: (_, option) => ({ kind: 'signal_energy', attrs: { startIndex: option('start_index'), endIndex: option('end_index') } }) },
  SignalFilterBank: { inputs: 6, outputs: 1, convert: (_, option) => ({ kind: 'signal_filter_bank', attrs: { numChannels: option('num_channels') } }) },
  SignalFilterBankSquareRoot: { inputs: 2, outputs: 1, convert: () => ({ kind: 'signal_filter_bank_sqrt', attrs: {} }) },
  SignalFilterBankSpectralSubtraction: {
    inputs: 1, outputs: 2,
    convert: (c, option) => {
      c.tensor(c.outputs[1]!).persistent = true;
      return {
        kind: 'signal_spectral_subtraction',
        attrs: {
          numChannels: option('num_channels'), smoothing: option('smoothing'), oneMinusSmoothing: option('one_minus_smoothing'),
          alternateSmoothing: option('alternate_smoothing'), alternateOneMinusSmoothing: option('alternate_one_minus_smoothing'),
          smoothingBits: option('smoothing_bits'), spectralSubtractionBits: option('spectral_subtraction_bits'),
          minSignalRemaining: option('min_signal_remaining'), clamping: option('clamping') !== 0,
        },
      };
    },
  },
  SignalPCAN: { inputs: 3, outputs: 1, convert: (_, option) => ({ kind: 'signal_pcan', attrs: { snrShift: option('snr_shift') } }) },
  SignalFilterBankLog: {
    inputs: 1, outputs: 1,
    convert: (_, option) => ({ kind: 'signal_filter_bank_log', attrs: { inputCorrectionBits: option('input_correction_bits'), outputScale: option('output_scale') } }),
  },
};

/** Whether a custom operator is one of the signal operators Ingot converts. */
export const isSignalOp = (custom: string | undefined): boolean => custom !== undefined && Object.hasOwn(CONVERTERS, custom);

/** The signal operator `custom` as an IR op, or undefined when it is not one Ingot knows. */
export function signalOp(c: OpContext, custom: string, customOptions: Uint8Array | undefined): Converted | undefined {
  if (!isSignalOp(custom)) return undefined;
  const converter = CONVERTERS[custom]!;
  const where = `operator ${c.index} (${custom})`;
  const given = (list: readonly number[], n: number): boolean => list.length >= n && list.slice(0, n).every((i) => i >= 0);
  if (!given(c.inputs, converter.inputs) || !given(c.outputs, converter.outputs)) {
    fail('tflite/bad-index', `${where} has ${c.inputs.length} inputs and ${c.outputs.length} outputs; it takes ${converter.inputs} and gives ${converter.outputs}`, {
      opIndex: c.index, hint: 'the model file is damaged; export it again',
    });
  }
  const root = customOptions && customOptions.length > 0 ? readFlexbuffer(customOptions, `${where}'s options`) : {};
  if (root === null || typeof root !== 'object' || Array.isArray(root) || root instanceof Uint8Array) {
    return fail('tflite/bad-buffer', `${where}: its options are not a FlexBuffer map`, { opIndex: c.index, hint: 'the model file is damaged; export it again' });
  }
  const options = root as Options;
  const option = (key: string): number => {
    const v = options[key];
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      const what = v === undefined ? 'missing' : typeof v === 'bigint' ? `out of range (${v})` : `not an integer (${String(v)})`;
      return fail('op/bad-attribute', `${where}: option '${key}' is ${what}`, { opIndex: c.index, hint: 'export the model with the signal library\'s own op builders' });
    }
    return v;
  };
  const { kind, attrs } = converter.convert(c, option);
  return { kind, attrs, inputs: c.inputs.slice(0, converter.inputs), outputs: c.outputs.slice(0, converter.outputs) } as Converted;
}
