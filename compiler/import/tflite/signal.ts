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

type Options = Record<string, FlexValue>;
type Converted = Pick<AnyOp, 'kind' | 'attrs'> & { inputs: number[]; outputs: number[] };

const KINDS: Record<string, (c: OpContext, o: (key: string) => number) => Converted> = {
  SignalWindow: (c, o) => ({ kind: 'signal_window', inputs: c.inputs.slice(0, 2), outputs: c.outputs.slice(0, 1), attrs: { shift: o('shift') } }),
  SignalFftAutoScale: (c) => ({ kind: 'signal_fft_auto_scale', inputs: c.inputs.slice(0, 1), outputs: c.outputs.slice(0, 2), attrs: {} }),
  SignalRfft: (c, o) => {
    if (o('T') !== 7) fail('op/unsupported', `operator ${c.index} (SignalRfft): only the int16 real FFT is supported (its T is type ${o('T')})`, { opIndex: c.index });
    return { kind: 'signal_rfft', inputs: c.inputs.slice(0, 1), outputs: c.outputs.slice(0, 1), attrs: { fftLength: o('fft_length') } };
  },
  SignalEnergy: (c, o) => ({ kind: 'signal_energy', inputs: c.inputs.slice(0, 1), outputs: c.outputs.slice(0, 1), attrs: { startIndex: o('start_index'), endIndex: o('end_index') } }),
  SignalFilterBank: (c, o) => ({ kind: 'signal_filter_bank', inputs: c.inputs.slice(0, 6), outputs: c.outputs.slice(0, 1), attrs: { numChannels: o('num_channels') } }),
  SignalFilterBankSquareRoot: (c) => ({ kind: 'signal_filter_bank_sqrt', inputs: c.inputs.slice(0, 2), outputs: c.outputs.slice(0, 1), attrs: {} }),
  SignalFilterBankSpectralSubtraction: (c, o) => {
    c.tensor(c.outputs[1]!).persistent = true;
    return {
      kind: 'signal_spectral_subtraction', inputs: c.inputs.slice(0, 1), outputs: c.outputs.slice(0, 2),
      attrs: {
        numChannels: o('num_channels'), smoothing: o('smoothing'), oneMinusSmoothing: o('one_minus_smoothing'),
        alternateSmoothing: o('alternate_smoothing'), alternateOneMinusSmoothing: o('alternate_one_minus_smoothing'),
        smoothingBits: o('smoothing_bits'), spectralSubtractionBits: o('spectral_subtraction_bits'),
        minSignalRemaining: o('min_signal_remaining'), clamping: o('clamping') !== 0,
      },
    };
  },
  SignalPCAN: (c, o) => ({ kind: 'signal_pcan', inputs: c.inputs.slice(0, 3), outputs: c.outputs.slice(0, 1), attrs: { snrShift: o('snr_shift') } }),
  SignalFilterBankLog: (c, o) => ({
    kind: 'signal_filter_bank_log', inputs: c.inputs.slice(0, 1), outputs: c.outputs.slice(0, 1),
    attrs: { inputCorrectionBits: o('input_correction_bits'), outputScale: o('output_scale') },
  }),
};

/** The signal operator `custom` as an IR op, or undefined when it is not one Ingot knows. */
export function signalOp(c: OpContext, custom: string, customOptions: Uint8Array | undefined): Converted | undefined {
  const convert = KINDS[custom];
  if (!convert) return undefined;
  const where = `operator ${c.index} (${custom})`;
  const root = customOptions && customOptions.length > 0 ? readFlexbuffer(customOptions, `${where}'s options`) : {};
  if (root === null || typeof root !== 'object' || Array.isArray(root) || root instanceof Uint8Array) {
    return fail('tflite/bad-buffer', `${where}: its options are not a FlexBuffer map`, { opIndex: c.index, hint: 'the model file is damaged; export it again' });
  }
  const options = root as Options;
  const option = (key: string): number => {
    const v = options[key];
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      return fail('op/bad-attribute', `${where}: option '${key}' is ${v === undefined ? 'missing' : `not an integer (${String(v)})`}`, { opIndex: c.index, hint: 'export the model with the signal library\'s own op builders' });
    }
    return v;
  };
  return convert(c, option);
}
