/**
 * A damaged or unusual audio front end gives a diagnostic naming the op and
 * what to do, never a crash or an out-of-bounds kernel: options missing or
 * out of range, operand counts, element types the kernels would overrun,
 * shapes that do not fit, an FFT length kissfft cannot run here.
 */
import test from 'ava';
import { encode } from 'flatbuffers/mjs/flexbuffers.js';
import type { OpContext } from '../../compiler/import/tflite/builtin-ops.js';
import { signalOp } from '../../compiler/import/tflite/signal.js';
import { IngotError, type DiagnosticCode, type Graph, type Tensor } from '../../compiler/ir/index.js';
import { OPS } from '../../compiler/ops/registry.js';
import { signalGraph } from '../helpers/signal-cases.js';

function diagnosed(t: import('ava').ExecutionContext, run: () => unknown, code: DiagnosticCode, message: RegExp): void {
  const e = t.throws(run, { instanceOf: IngotError }, String(message));
  t.is((e as IngotError).diagnostic.code, code);
  t.regex((e as IngotError).diagnostic.message, message);
}

const prepare = (g: Graph): unknown => OPS[g.ops[0]!.kind].prepare(g.ops[0] as never, g);

/** An operator context over `count` int16 tensors, as the TFLite importer hands one to a converter. */
function context(inputs: number[], outputs: number[]): OpContext {
  const tensors: Tensor[] = Array.from({ length: 4 }, (_, i) => ({ name: `t${i}`, dtype: 'i16', shape: [480] }));
  return { index: 3, name: 'op', options: undefined, inputs, outputs, tensor: (i) => tensors[i]!, constInts: () => [] };
}

test('the importer names a missing option, a non-integer one and an unsupported FFT type', (t) => {
  diagnosed(t, () => signalOp(context([0, 1], [2]), 'SignalWindow', encode({ shfit: 12 })), 'op/bad-attribute', /^operator 3 \(SignalWindow\): option 'shift' is missing/);
  diagnosed(t, () => signalOp(context([0, 1], [2]), 'SignalWindow', encode({ shift: 1.5 })), 'op/bad-attribute', /option 'shift' is not an integer \(1\.5\)/);
  diagnosed(t, () => signalOp(context([0], [1]), 'SignalRfft', encode({ T: 1, fft_length: 512 })), 'op/unsupported', /only the int16 real FFT is supported/);
  t.is(signalOp(context([0], [1]), 'SignalStacker', encode({})), undefined, 'a signal op Ingot does not know stays unsupported');
});

test('the importer refuses a signal op with too few operands', (t) => {
  diagnosed(t, () => signalOp(context([0], [1]), 'SignalWindow', encode({ shift: 12 })), 'tflite/bad-index', /has 1 inputs and 1 outputs; it takes 2 and gives 1/);
  diagnosed(t, () => signalOp(context([0], [1]), 'SignalFilterBankSpectralSubtraction', encode({})), 'tflite/bad-index', /it takes 1 and gives 2/);
});

test('kernels never see element types they would overrun, or shapes and options they cannot run', (t) => {
  const frame = { dtype: 'i16' as const, shape: [1, 480] };
  const window = new Int16Array(480);
  diagnosed(t, () => prepare(signalGraph('w', 'signal_window', { shift: 40 }, [frame, { dtype: 'i16', shape: [480], data: window }], [{ dtype: 'i16' }])), 'op/bad-attribute', /shift 40 is outside 0…31/);
  const energy = { dtype: 'i32' as const, shape: [257] };
  const tables = [new Int16Array(8), new Int16Array(8), new Int16Array(3), new Int16Array(3), Int16Array.from([2, 2, 2])].map((data) => ({ dtype: 'i16' as const, shape: [data.length], data }));
  diagnosed(t, () => prepare(signalGraph('fb', 'signal_filter_bank', { numChannels: 2 }, [energy, ...tables], [{ dtype: 'i32' }])), 'op/unsupported-dtype', /output 0 'out0' is i32; the op needs i64/);
  const gains = { dtype: 'i16' as const, shape: [125], data: new Int16Array(125) };
  diagnosed(t, () => prepare(signalGraph('pcan', 'signal_pcan', { snrShift: 6 }, [{ dtype: 'i32', shape: [40] }, { dtype: 'i32', shape: [20] }, gains], [{ dtype: 'i32' }])), 'shape/mismatch', /20 noise estimates for 40 channels/);
  diagnosed(t, () => prepare(signalGraph('fft', 'signal_rfft', { fftLength: 24 }, [{ dtype: 'i16', shape: [24] }], [{ dtype: 'i16' }])), 'op/bad-attribute', /fft_length 24 is not a power of two/);
  diagnosed(t, () => signalGraph('fft', 'signal_rfft', { fftLength: 256 }, [frame], [{ dtype: 'i16' }]), 'op/bad-attribute', /frames of 480 samples do not fit fft_length 256/);
  diagnosed(t, () => signalGraph('e', 'signal_energy', { startIndex: 5, endIndex: 300 }, [{ dtype: 'i16', shape: [514] }], [{ dtype: 'i32' }]), 'op/bad-attribute', /bins \[5, 300\) do not fit 514 interleaved values/);
  diagnosed(t, () => prepare(signalGraph('sqrt', 'signal_filter_bank_sqrt', {}, [{ dtype: 'i64', shape: [40] }, { dtype: 'i32', shape: [2] }], [{ dtype: 'i32' }])), 'shape/mismatch', /scale bits 'in1' hold 2 values, not one/);
  const subtraction = {
    numChannels: 40, smoothing: 409, oneMinusSmoothing: 15975, alternateSmoothing: 983, alternateOneMinusSmoothing: 15401,
    smoothingBits: 10, spectralSubtractionBits: 14, minSignalRemaining: 819, clamping: false,
  };
  diagnosed(t, () => prepare(signalGraph('ss', 'signal_spectral_subtraction', subtraction, [{ dtype: 'i32', shape: [40] }], [{ dtype: 'i32' }, { dtype: 'i32' }])), 'graph/invalid', /noise estimate 'out1' must be a state tensor/);
  diagnosed(t, () => prepare(signalGraph('ss', 'signal_spectral_subtraction', { ...subtraction, smoothingBits: 32 }, [{ dtype: 'i32', shape: [40] }], [{ dtype: 'i32' }, { dtype: 'i32', persistent: true }])), 'op/bad-attribute', /smoothing_bits 32 must be within 0…31/);
});
