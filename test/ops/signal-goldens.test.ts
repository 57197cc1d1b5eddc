/**
 * The reference kernels of TFLite Micro's signal operators
 * (compiler/ops/signal) against the vectors of TFLite Micro's signal kernel
 * tests (tensorflow/tflite-micro, signal/micro/kernels/*_test.cc): filter
 * bank (16 channels with a negative weight, and 32 channels with inputs near
 * 2^32), filter-bank square root, spectral subtraction (32 and 16 channels,
 * first invoke from a zeroed state), PCAN, and log (including the scale
 * whose uint32 product wraps). Only the numbers carry over from those tests.
 *
 * The ops are called through `evalRef` with hand-built prepared data, so a
 * slip in the arithmetic shows here before it reaches the C and wasm kernels,
 * which are checked against these same reference kernels elsewhere. Tensor
 * conventions follow the op files: uint32 values live in Int32Array as their
 * bits, uint64 in BigInt64Array.
 *
 * The front of the pipeline (window, FFT auto scale, real FFT, energy) has
 * no transcribed TFLite Micro vectors, so it gets exact hand-derived checks
 * instead (each derivation is in a comment), and the real FFT is compared
 * with a float DFT divided by the FFT length (the scaling kissfft's Q15
 * butterflies apply). Cheap properties of the fixed-point helpers (square
 * roots of exact squares, rounding, the 0xFFFF cap, log of powers of two)
 * close the file; the long scans are coarse so the whole file runs well
 * under a second.
 */
import test from 'ava';
import type { TensorData } from '../../compiler/ir/index.js';
import { signalEnergy } from '../../compiler/ops/signal/energy.js';
import { signalFftAutoScale } from '../../compiler/ops/signal/fft-auto-scale.js';
import { signalFilterBankLog } from '../../compiler/ops/signal/filter-bank-log.js';
import { signalFilterBankSqrt } from '../../compiler/ops/signal/filter-bank-sqrt.js';
import { signalFilterBank } from '../../compiler/ops/signal/filter-bank.js';
import { LN2_Q16, log32, sqrt32, sqrt64 } from '../../compiler/ops/signal/fixed-math.js';
import { rfftPlan } from '../../compiler/ops/signal/kissfft.js';
import { signalPcan } from '../../compiler/ops/signal/pcan.js';
import { signalRfft } from '../../compiler/ops/signal/rfft.js';
import { signalSpectralSubtraction, type SignalSpectralSubtractionPrepared } from '../../compiler/ops/signal/spectral-subtraction.js';
import { signalWindow } from '../../compiler/ops/signal/window.js';

/** uint32 values as the Int32Array bits the kernels take. */
const u32 = (values: readonly number[]): Int32Array => Int32Array.from(values, (v) => v | 0);
/** An Int32Array read back as uint32 values. */
const asU32 = (data: TensorData): number[] => Array.from(data as Int32Array, (v) => v >>> 0);
/** A BigInt64Array read back as uint64 values. */
const asU64 = (data: TensorData): bigint[] => Array.from(data as BigInt64Array, (v) => BigInt.asUintN(64, v));
const i16 = (values: readonly number[]): Int16Array => Int16Array.from(values);

// ---------------------------------------------------------------- filter bank

interface FilterBankCase {
  energy: number[];
  weights: number[];
  unweights: number[];
  freqStarts: number[];
  weightStarts: number[];
  widths: number[];
  numChannels: number;
}

function runFilterBank(c: FilterBankCase): bigint[] {
  const y = new BigInt64Array(c.numChannels);
  signalFilterBank.evalRef(
    { numChannels: c.numChannels },
    [u32(c.energy), i16(c.weights), i16(c.unweights), i16(c.freqStarts), i16(c.weightStarts), i16(c.widths)],
    [y],
  );
  return asU64(y);
}

test('filter bank, 16 channels with a negative weight: TFLite Micro golden', (t) => {
  const c: FilterBankCase = {
    numChannels: 16,
    energy: [
      645050, 4644, 3653, 24262, 56660, 43260, 50584, 57902, 31702, 5401,
      45555, 34852, 8518, 43556, 13358, 19350, 40221, 18017, 27284, 64491,
      60099, 17863, 11001, 29076, 32666, 65268, 50947, 28694, 32377, 30014,
      25607, 22547, 45086, 10654, 46797, 8622, 47348, 43085, 5747, 51544,
      50364, 6208, 20696, 59782, 14429, 60125, 37079, 32673, 63457, 60142,
      34042, 11280, 1874, 33734, 62118, 13766, 54398, 47818, 50976, 46930,
      25906, 59441, 25958, 59136, 1756, 18652, 29213, 13379, 51845, 1207,
      55626, 27108, 43771, 35236, 3374, 40959, 47707, 41540, 34282, 27094,
      36329, 13593, 65257, 47006, 46857, 1114, 37106, 18738, 25969, 15461,
      2842, 36470, 32489, 61622, 23613, 29624, 32820, 30438, 9543, 6767,
      23037, 52896, 12059, 32264, 11575, 42400, 43344, 27511, 16712, 6877,
      4910, 50047, 61569, 57237, 48558, 2310, 22192, 7874, 46141, 64056,
      61997, 7298, 31372, 25316, 683, 58940, 18755, 17898, 19196,
    ],
    weights: [
      -2210, 1711, 3237, 1247, 2507, 61, 1019, 899, 206, 146, 2849, 2756,
      1260, 1280, 1951, 213, 617, 2047, 211, 347, 2821, 3747, 150, 1924,
      3962, 942, 1430, 2678, 993, 308, 3364, 2491, 954, 1308, 879, 3950,
      1, 3556, 3628, 2104, 78, 1298, 1080, 342, 1337, 1639, 2352, 829,
      1358, 2498, 1647, 2507, 3816, 3767, 3735, 1155, 2221, 2196, 1160,
    ],
    unweights: [
      408, 3574, 1880, 2561, 2011, 3394, 1019, 445, 3901, 343, 1874, 3846,
      3566, 1830, 327, 111, 623, 1037, 2803, 1947, 1518, 661, 3239, 2351,
      1257, 269, 1574, 3431, 3972, 2487, 2181, 1458, 552, 717, 679, 1031,
      1738, 1782, 128, 2242, 353, 1460, 3305, 1424, 3813, 2895, 164, 272,
      3886, 3135, 141, 747, 3233, 1478, 2612, 3837, 3271, 73, 1746,
    ],
    freqStarts: [5, 6, 7, 9, 11, 12, 14, 16, 18, 20, 22, 25, 27, 30, 32, 35, 33],
    weightStarts: [0, 1, 2, 4, 6, 7, 9, 11, 13, 15, 17, 20, 22, 25, 27, 30, 33],
    widths: [1, 1, 2, 2, 1, 2, 2, 2, 2, 2, 3, 2, 3, 2, 3, 3, 3],
  };
  const golden = [
    104199304, 407748384, 206363744, 200989269, 52144406, 230780884, 174394190, 379684049,
    94840835, 57788823, 531528204, 318265707, 263149795, 188110467, 501443259, 200747781,
  ];
  t.deepEqual(runFilterBank(c), golden.map(BigInt));
});

test('filter bank, 32 channels with energies near 2^32: TFLite Micro golden', (t) => {
  const c: FilterBankCase = {
    numChannels: 32,
    energy: [
      65451, 11468838, 4280615122, 4283105055, 30080683, 969970,
      1168164, 192770, 344209, 1811809, 1740724, 586130,
      305045, 17981, 169273, 103321, 85277, 529901,
      524660, 116609, 29653, 64345, 13121, 273956,
      593748, 463432, 348169, 77545, 2117, 19277,
      13837, 85, 16322, 1325, 69584, 233930,
      253273, 94180, 8642, 104245, 151937, 231970,
      90405, 95849, 106285, 81938, 76226, 103337,
      303250, 337705, 75140, 43874, 33730, 44761,
      117608, 57322, 9945, 19816, 48674, 19465,
      15696, 52229, 103738, 102541, 126421, 133157,
      33680, 7738, 45029, 57122, 61605, 60138,
      26170, 41444, 210994, 238338, 74324, 21460,
      33125, 3940, 15481, 7709, 24929, 17714,
      170993, 91978, 45965, 214133, 96832, 1800,
      16717, 42341, 87421, 114341, 65161, 26260,
      135077, 245000, 122117, 81188, 107753, 74125,
      86432, 91460, 29648, 2069, 3161, 5002,
      784, 1152, 1424, 277, 452, 2696,
      3610, 2120, 2617, 562, 1153, 4610,
      2906, 65, 786450, 4293722107, 0, 393208,
      2, 196608, 65539, 65537, 4294967295, 65537,
      4294901762, 65535, 4294770689, 65533, 131073, 4294901761,
      131071, 131071, 65535, 4294901764, 4294967295, 0,
      4294901758, 4294901761, 196607, 4294836224, 131070, 4294901762,
      4294901759, 196608, 4294901761, 131071, 131070, 65538,
      0, 4294901761, 65536, 4294836225, 65536, 4294836225,
      4294901757, 65535, 4294901760, 196607, 4294967295, 0,
      131071, 4294901762, 4294836221, 196608, 65536, 1,
      131074, 4294770690, 4294967291, 196611, 4294770687, 262143,
      4294901759, 131071, 1, 4294901759, 196607, 4294705153,
      196607, 4294967294, 65536, 1, 4294901759, 65536,
      0, 65536, 65537, 4294901759, 65536, 3,
      4294836222, 65534, 65536, 65538, 4294836225, 4294901760,
      4294901761, 4294967293, 0, 65534, 131070, 65537,
      4294901762, 65536, 2, 4294836224, 1, 4294901760,
      0, 4294967294, 131073, 4294901760, 65535, 131073,
      4294836224, 65536, 4294901760, 4294901760, 4294967295, 4294901761,
      131071, 4294901760, 131071, 4294836224, 2, 4294901758,
      4294967292, 131073, 0, 65535, 0, 4294901760,
      4294967295, 131073, 4294901764, 4294836223, 4294967295, 65535,
      65537, 65533, 3, 131072, 4294836224, 65537,
      1, 4294967293, 196611, 4294901759, 1,
    ],
    weights: [
      1133, 2373, 3712, 1047, 2564, 66, 1740, 3486, 1202, 3079, 919, 2913,
      865, 2964, 1015, 3210, 1352, 3633, 1859, 123, 2520, 856, 3323, 1726,
      161, 2722, 1215, 3833, 2382, 956, 3652, 2276, 923, 3689, 2380, 1093,
      3922, 2676, 1448, 239, 3144, 1970, 814, 3770, 2646, 1538, 445, 3463,
      2399, 1349, 313, 3386, 2376, 1379, 394, 3517, 2556, 1607, 668, 3837,
      2920, 2013, 1117, 231, 3450, 2583, 1725, 877, 37, 3302, 2480, 1666,
      861, 63, 3369, 2588, 1813, 1046, 287, 3630, 2885, 2147, 1415, 690,
      4067, 3355, 2650, 1950, 1257, 569, 3984, 3308, 2638, 1973, 1314, 661,
      12, 3465, 2827, 2194, 1566, 943, 325, 3808, 3199, 2595, 1996, 1401,
      810, 224, 3738, 3160, 2586, 2017, 1451, 890, 332,
    ],
    unweights: [
      2962, 1722, 383, 3048, 1531, 4029, 2355, 609, 2893, 1016, 3176, 1182,
      3230, 1131, 3080, 885, 2743, 462, 2236, 3972, 1575, 3239, 772, 2369,
      3934, 1373, 2880, 262, 1713, 3139, 443, 1819, 3172, 406, 1715, 3002,
      173, 1419, 2647, 3856, 951, 2125, 3281, 325, 1449, 2557, 3650, 632,
      1696, 2746, 3782, 709, 1719, 2716, 3701, 578, 1539, 2488, 3427, 258,
      1175, 2082, 2978, 3864, 645, 1512, 2370, 3218, 4058, 793, 1615, 2429,
      3234, 4032, 726, 1507, 2282, 3049, 3808, 465, 1210, 1948, 2680, 3405,
      28, 740, 1445, 2145, 2838, 3526, 111, 787, 1457, 2122, 2781, 3434,
      4083, 630, 1268, 1901, 2529, 3152, 3770, 287, 896, 1500, 2099, 2694,
      3285, 3871, 357, 935, 1509, 2078, 2644, 3205, 3763,
    ],
    freqStarts: [
      5, 6, 7, 9, 11, 12, 14, 16, 18, 20, 22, 25, 27, 30, 32, 35, 38,
      41, 45, 48, 52, 56, 60, 64, 69, 74, 79, 84, 89, 95, 102, 108, 115,
    ],
    weightStarts: [
      0, 1, 2, 4, 6, 7, 9, 11, 13, 15, 17, 20, 22, 25, 27, 30, 33,
      36, 40, 43, 47, 51, 55, 59, 64, 69, 74, 79, 84, 90, 97, 103, 110,
    ],
    widths: [1, 1, 2, 2, 1, 2, 2, 2, 2, 2, 3, 2, 3, 2, 3, 3, 3, 4, 3, 4, 4, 4, 4, 5, 5, 5, 5, 5, 6, 7, 6, 7, 7],
  };
  const golden = [
    5645104312, 3087527471, 5883346002, 10807122775, 2465336182, 853935004,
    1206905130, 3485828019, 1134726750, 832725041, 4442875878, 2122064365,
    178483220, 151483681, 1742660113, 1309124116, 1954305288, 1323857378,
    2750861165, 1340947482, 792522630, 669257768, 1659699572, 940652856,
    1957080469, 1034203505, 1541805928, 1710818326, 2432875876, 2254716277,
    275382345, 57293224,
  ];
  t.deepEqual(runFilterBank(c), golden.map(BigInt));
});

// ---------------------------------------------------------------- square root

function runSqrt(values: readonly number[], shift: number): number[] {
  const y = new Int32Array(values.length);
  signalFilterBankSqrt.evalRef({ count: values.length }, [BigInt64Array.from(values, (v) => BigInt(v)), Int32Array.of(shift)], [y]);
  return asU32(y);
}

test('filter-bank square root, 32 channels, scale bits 7: TFLite Micro golden', (t) => {
  const input = [
    10528000193, 28362909357, 47577133750, 8466055850, 5842710800, 2350911449,
    2989811430, 2646718839, 515262774, 276394561, 469831522, 55815334,
    28232446, 11591835, 40329249, 67658028, 183446654, 323189165,
    117473797, 41339272, 25846050, 12428673, 18670978, 22521722,
    78477733, 54207503, 25150296, 43098592, 28211625, 15736687,
    20990296, 17907031,
  ];
  t.deepEqual(runSqrt(input, 7), [
    801, 1315, 1704, 718, 597, 378, 427, 401, 177, 129, 169, 58, 41, 26, 49, 64,
    105, 140, 84, 50, 39, 27, 33, 37, 69, 57, 39, 51, 41, 30, 35, 33,
  ]);
});

test('filter-bank square root, 16 channels, scale bits 5: TFLite Micro golden', (t) => {
  const input = [
    13051415151, 14932650877, 18954728418, 8730126017,
    6529665275, 12952546517, 10314975609, 8919697835,
    8053663348, 17231208421, 7366899760, 1372112200,
    19953434807, 17012385332, 4710443222, 17765594053,
  ];
  t.deepEqual(runSqrt(input, 5), [3570, 3818, 4302, 2919, 2525, 3556, 3173, 2951, 2804, 4102, 2682, 1157, 4414, 4076, 2144, 4165]);
});

// ------------------------------------------------------- spectral subtraction

/**
 * The options of TFLite Micro's spectral-subtraction test, decoded from the
 * flexbuffer in that test: smoothing = alternate_smoothing = 655 (0.04 in
 * Q14), one_minus_smoothing = alternate_one_minus_smoothing = 15729,
 * min_signal_remaining = 819 (0.05 in Q14), smoothing_bits = 0,
 * spectral_subtraction_bits = 14, clamping = false; num_channels 32 or 16.
 */
const subtractionOptions = (numChannels: number): SignalSpectralSubtractionPrepared => ({
  numChannels,
  smoothing: 655,
  oneMinusSmoothing: 15729,
  alternateSmoothing: 655,
  alternateOneMinusSmoothing: 15729,
  smoothingBits: 0,
  spectralSubtractionBits: 14,
  minSignalRemaining: 819,
  clamping: false,
});

function runSubtraction(input: readonly number[]): { output: number[]; noise: number[] } {
  const y = new Int32Array(input.length);
  // The state (output 1) starts zeroed, as the kernel's Reset leaves it.
  const noise = new Int32Array(input.length);
  signalSpectralSubtraction.evalRef(subtractionOptions(input.length), [u32(input)], [y, noise]);
  return { output: asU32(y), noise: asU32(noise) };
}

test('spectral subtraction, 32 channels, first invoke: TFLite Micro golden output and noise estimate', (t) => {
  const r = runSubtraction([
    322, 308, 210, 212, 181, 251, 403, 259, 65, 48, 76, 48, 50, 46, 53, 52,
    112, 191, 136, 59, 70, 51, 39, 64, 33, 44, 41, 49, 74, 107, 262, 479,
  ]);
  t.deepEqual(r.output, [
    310, 296, 202, 204, 174, 241, 387, 249, 63, 47, 73, 47, 49, 45, 51, 50,
    108, 184, 131, 57, 68, 49, 38, 62, 32, 43, 40, 48, 72, 103, 252, 460,
  ]);
  t.deepEqual(r.noise, [
    12, 12, 8, 8, 7, 10, 16, 10, 2, 1, 3, 1, 1, 1, 2, 2,
    4, 7, 5, 2, 2, 2, 1, 2, 1, 1, 1, 1, 2, 4, 10, 19,
  ]);
});

test('spectral subtraction, 16 channels, first invoke: TFLite Micro golden output and noise estimate', (t) => {
  const r = runSubtraction([393, 213, 408, 1, 361, 385, 386, 326, 170, 368, 368, 305, 152, 322, 213, 319]);
  t.deepEqual(r.output, [378, 205, 392, 1, 347, 370, 371, 313, 164, 354, 354, 293, 146, 310, 205, 307]);
  t.deepEqual(r.noise, [15, 8, 16, 0, 14, 15, 15, 13, 6, 14, 14, 12, 6, 12, 8, 12]);
});

// ----------------------------------------------------------------------- PCAN

test('PCAN, 40 channels, snr_shift 6: TFLite Micro golden', (t) => {
  const input = [
    286, 298, 305, 291, 290, 279, 273, 257, 250, 240, 240, 233, 234, 230,
    221, 205, 183, 159, 156, 188, 239, 298, 345, 374, 380, 369, 359, 364,
    372, 354, 302, 243, 194, 135, 64, 72, 171, 245, 277, 304,
  ];
  const noise = [
    7310, 18308, 7796, 17878, 7413, 17141, 6978, 15789, 6390, 14745, 6135,
    14314, 5981, 14130, 5649, 12594, 4677, 9768, 3987, 11550, 6109, 18308,
    8819, 22977, 9713, 22670, 9176, 22363, 9509, 21748, 7719, 14929, 4959,
    8294, 1636, 4423, 4371, 15052, 7080, 18677,
  ];
  const gainLut = [
    32636, 32633, 32630, -6, 0, -21589, 32624, -12, 0, -21589, 32612, -23,
    -2, -21589, 32587, -48, 0, -21589, 32539, -96, 0, -21589, 32443, -190,
    0, -21589, 32253, -378, 4, -21589, 31879, -739, 18, -21589, 31158,
    -1409, 62, -21589, 29811, -2567, 202, -21589, 27446, -4301, 562, -21589,
    23707, -6265, 1230, -21589, 18672, -7458, 1952, -21589, 13166, -7030,
    2212, -21589, 8348, -5342, 1868, -21589, 4874, -3459, 1282, -21589,
    2697, -2025, 774, -21589, 1446, -1120, 436, -21589, 762, -596, 232,
    -21589, 398, -313, 122, -21589, 207, -164, 64, -21589, 107, -85, 34,
    -21589, 56, -45, 18, -21589, 29, -22, 8, -21589, 15, -13, 6, -21589, 8,
    -8, 4, -21589, 4, -2, 0, -21589, 2, -3, 2, -21589, 1, 0, 0, -21589, 1,
    -3, 2, -21589, 0, 0, 0,
  ];
  const y = new Int32Array(input.length);
  signalPcan.evalRef({ count: input.length, snrShift: 6 }, [u32(input), u32(noise), i16(gainLut)], [y]);
  t.deepEqual(asU32(y), [
    1301, 836, 1354, 827, 1312, 811, 1263, 779, 1192, 753, 1160, 743, 1140,
    738, 1096, 698, 956, 607, 845, 667, 1157, 836, 1461, 912, 1546, 908,
    1496, 904, 1527, 895, 1346, 758, 999, 548, 378, 344, 908, 761, 1274, 843,
  ]);
});

// ------------------------------------------------------------------------ log

function runLog(input: readonly number[], inputCorrectionBits: number, outputScale: number): number[] {
  const y = new Int16Array(input.length);
  signalFilterBankLog.evalRef({ count: input.length, inputCorrectionBits, outputScale }, [u32(input)], [y]);
  return Array.from(y);
}

test('filter-bank log, output scale 1600, 3 correction bits: TFLite Micro golden', (t) => {
  const input = [
    29, 21, 29, 40, 19, 11, 13, 23, 13, 11, 25, 17, 5, 4, 46, 14,
    17, 14, 20, 14, 10, 10, 15, 11, 17, 12, 15, 16, 19, 18, 6, 2,
  ];
  t.deepEqual(runLog(input, 3, 1600), [
    8715, 8198, 8715, 9229, 8038, 7164, 7431, 8344, 7431, 7164, 8477, 7860, 5902, 5545, 9453, 7550,
    7860, 7550, 8120, 7550, 7011, 7011, 7660, 7164, 7860, 7303, 7660, 7763, 8038, 7952, 6194, 4436,
  ]);
});

test('filter-bank log, output scale 32768, 5 correction bits (the uint32 product wraps): TFLite Micro golden', (t) => {
  const input = [48, 20, 19, 24, 35, 47, 23, 30, 31, 10, 48, 21, 46, 14, 18, 27];
  t.deepEqual(runLog(input, 5, 32768), [
    32767, 15121, 13440, 21095, 32767, 32767, 19701, 28407, 29482, 32767, 32767, 16720,
    32767, 3434, 11669, 24955,
  ]);
});

test('filter-bank log: 0 and 1 give 0, the correction shift wraps, ln 2 at scale 1024 is 710', (t) => {
  // round(1024 · 45426 / 65536) = round(709.78) = 710; 0x80000000 << 1 wraps to 0.
  t.deepEqual(runLog([0, 1, 2, 1, 0x80000000], 0, 1024).slice(0, 3), [0, 0, 710]);
  t.deepEqual(runLog([0, 1, 2, 1, 0x80000000], 1, 1024), [0, 710, 1420, 710, 0]);
});

// ---------------------------------------------------------- fixed-point math

test('sqrt32: exact squares, round to nearest, and the 0xFFFF cap', (t) => {
  const bad: string[] = [];
  for (let r = 0; r < 65536; r += 7) if (sqrt32(r * r) !== r) bad.push(`${r}²`);
  for (const r of [1, 2, 3, 65534, 65535]) if (sqrt32(r * r) !== r) bad.push(`${r}²`);
  // [r², r² + r] rounds to r; [r² + r + 1, (r + 1)²) to r + 1.
  for (let r = 1; r < 65535; r += 97) {
    if (sqrt32(r * r + r) !== r) bad.push(`${r}² + ${r}`);
    if (sqrt32(r * r + r + 1) !== r + 1) bad.push(`${r}² + ${r} + 1`);
  }
  t.deepEqual(bad, []);
  // Above 65535² + 65535 the rounded root would be 65536: it stays 0xFFFF.
  t.is(sqrt32(65535 * 65535 + 65535 + 1), 0xffff);
  t.is(sqrt32(0xffffffff), 0xffff);
});

test('sqrt64: exact squares, round to nearest, and the extremes', (t) => {
  const bad: string[] = [];
  for (const r of [65536n, 65537n, 123456789n, 2n ** 31n + 5n, 3037000499n, 4294967295n]) {
    if (sqrt64(r * r) !== Number(r)) bad.push(`${r}²`);
    if (sqrt64(r * r + r) !== Number(r)) bad.push(`${r}² + ${r}`);
    if (r < 4294967295n && sqrt64(r * r + r + 1n) !== Number(r) + 1) bad.push(`${r}² + ${r} + 1`);
  }
  t.deepEqual(bad, []);
  t.is(sqrt64(2n ** 32n), 65536);
  t.is(sqrt64(2n ** 64n - 1n), 4294967295);
  // Below 2^32 it is sqrt32's answer.
  t.is(sqrt64(1000001n), 1000);
});

test('log32: powers of two are exact (ln 2^k = 45426·k in Q16), and the error against ln stays small', (t) => {
  // The correction table is 0 at both ends, so log2(2^k) is exactly k in Q16,
  // and ln is round(45426 · k · 65536 / 65536) = 45426 · k.
  const bad: string[] = [];
  for (let k = 1; k < 32; k++) {
    const want = Math.floor((1024 * LN2_Q16 * k + 32768) / 65536);
    const got = log32(2 ** k, 1024);
    if (got !== want) bad.push(`2^${k}: ${got}, want ${want}`);
  }
  t.deepEqual(bad, []);
  let maxErr = 0;
  for (let x = 2; x < 2 ** 31; x = Math.floor(x * 1.37) + 1) maxErr = Math.max(maxErr, Math.abs(log32(x, 1024) - Math.log(x) * 1024));
  t.true(maxErr < 2.5, `max |log32(x, 1024) − 1024 ln x| = ${maxErr}`);
});

test('log32: not monotone (the interpolation is shifted by 16, not 9), but its drops are at most 2 LSB at scale 1024 and 1 at 64', (t) => {
  // A coarse stand-in for scanning every x up to 2^22: every x below 2^17.
  let drop1024 = 0;
  let drop64 = 0;
  let prev1024 = -1;
  let prev64 = -1;
  for (let x = 2; x < 2 ** 17; x++) {
    const a = log32(x, 1024);
    const b = log32(x, 64);
    drop1024 = Math.max(drop1024, prev1024 - a);
    drop64 = Math.max(drop64, prev64 - b);
    prev1024 = a;
    prev64 = b;
  }
  t.true(drop1024 > 0, 'no drop at all below 2^17 at scale 1024');
  t.true(drop1024 <= 2, `largest drop at scale 1024: ${drop1024}`);
  t.true(drop64 <= 1, `largest drop at scale 64: ${drop64}`);
});

// ------------------------------------------------- window, auto scale, energy

test('window: product, arithmetic shift right (rounding down) and int16 saturation, the window repeating per frame', (t) => {
  const x = i16([-3, -3, 32767, 32767, 1000, 1000, -1, -1]);
  const w = i16([4096, 2048, 32767, -32768]);
  const y = new Int16Array(8);
  signalWindow.evalRef({ count: 8, length: 4, shift: 12 }, [x, w], [y]);
  // −3·4096 >> 12 = −3; −3·2048 >> 12 = ⌊−1.5⌋ = −2; 32767² >> 12 = 262127 → 32767;
  // 32767·−32768 >> 12 = −262136 → −32768; 1000, 500; −32767 >> 12 = ⌊−7.99⌋ = −8; 32768 >> 12 = 8.
  t.deepEqual(Array.from(y), [-3, -2, 32767, -32768, 1000, 500, -8, 8]);
});

function runAutoScale(frame: readonly number[]): { out: number[]; shift: number } {
  const y = new Int16Array(frame.length);
  const shift = new Int32Array(1);
  signalFftAutoScale.evalRef({ count: frame.length }, [i16(frame)], [y, shift]);
  return { out: Array.from(y), shift: shift[0]! };
}

test('FFT auto scale: shift 15 − msb(max |x|), 0 for a zero frame, and the −32768 quirk', (t) => {
  // max 1000 takes 10 bits: shift 5, and 1000 << 5 = 32000 still fits.
  t.deepEqual(runAutoScale([1000, -7, 3]), { out: [32000, -224, 96], shift: 5 });
  // max |−200| takes 8 bits: shift 7.
  t.deepEqual(runAutoScale([100, -200, 50]), { out: [12800, -25600, 6400], shift: 7 });
  // All zeros: the builtin leading-zero count makes msb 32, so the shift is 0, not 15.
  t.deepEqual(runAutoScale([0, 0, 0]), { out: [0, 0, 0], shift: 0 });
  // 16384 needs 15 bits (shift 0); −16383 needs 14 (shift 1).
  t.is(runAutoScale([16384, -3]).shift, 0);
  t.deepEqual(runAutoScale([-16383]), { out: [-32766], shift: 1 });
  // −32768 negated wraps back to −32768, which the next sample 5 beats: shift 12, and −32768 << 12 wraps to 0.
  t.deepEqual(runAutoScale([-32768, 5]), { out: [0, 20480], shift: 12 });
});

test('energy: re² + im² of the bins in [start, end) as uint32, the others 0', (t) => {
  const bins = i16([3, 4, -32768, -32768, 1, 1, 7, -7]);
  const y = Int32Array.of(-1, -1, -1, -1);
  signalEnergy.evalRef({ bins: 4, startIndex: 1, endIndex: 3 }, [bins], [y]);
  // 2 · 32768² = 2^31, past int32 but a uint32.
  t.deepEqual(asU32(y), [0, 2147483648, 2, 0]);
  signalEnergy.evalRef({ bins: 4, startIndex: 0, endIndex: 4 }, [bins], [y]);
  t.deepEqual(asU32(y), [25, 2147483648, 2, 98]);
});

// ---------------------------------------------------------------------- rfft

/** The float DFT of a real frame zero-padded to n samples, bins 0…n/2, divided by n. */
function floatRfft(x: ArrayLike<number>, n: number): number[] {
  const out: number[] = [];
  for (let k = 0; k <= n / 2; k++) {
    let re = 0;
    let im = 0;
    for (let i = 0; i < x.length; i++) {
      const phase = (-2 * Math.PI * ((k * i) % n)) / n;
      re += x[i]! * Math.cos(phase);
      im += x[i]! * Math.sin(phase);
    }
    out.push(re / n, im / n);
  }
  return out;
}

/** Runs SignalRfft on frames of `inputLength` samples each. */
function runRfft(frames: readonly (readonly number[])[], inputLength: number, fftLength: number): Int16Array {
  const x = new Int16Array(frames.length * inputLength);
  frames.forEach((f, i) => x.set(f, i * inputLength));
  const y = new Int16Array(frames.length * (fftLength + 2)).fill(12345);
  signalRfft.evalRef({ frames: frames.length, inputLength, plan: rfftPlan(fftLength, 'test') }, [x], [y]);
  return y;
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

test('rfft: an impulse at sample 0 gives a flat spectrum of A / fftLength (within 1 LSB), frame after frame', (t) => {
  for (const [fftLength, inputLength] of [[512, 480], [256, 256], [64, 64], [8, 8]] as const) {
    for (const amplitude of [32767, -32768, 1000]) {
      const impulse = Array.from({ length: inputLength }, (_, i) => (i === 0 ? amplitude : 0));
      const y = runRfft([impulse, impulse], inputLength, fftLength);
      const want = floatRfft(impulse, fftLength);
      const label = `fft ${fftLength}, impulse ${amplitude}`;
      const first = y.subarray(0, fftLength + 2);
      t.deepEqual(Array.from(y.subarray(fftLength + 2)), Array.from(first), `${label}: the second frame`);
      const flat = new Set(Array.from({ length: fftLength / 2 + 1 }, (_, k) => `${first[2 * k]},${first[2 * k + 1]}`));
      t.is(flat.size, 1, `${label}: bins ${[...flat].slice(0, 4).join(' ')}`);
      t.true(maxDiff(first, want) <= 1, `${label}: ${first[0]} vs ${want[0]}`);
    }
  }
});

test('rfft: DC, a cosine and random full-scale frames against a float DFT / fftLength', (t) => {
  const n = 512;
  // DC 1000 over 480 of 512 samples: bin 0 near 1000 · 480 / 512 = 937.5, the imaginary parts of DC and Nyquist exactly 0.
  const dc = runRfft([new Array<number>(480).fill(1000)], 480, n);
  t.true(Math.abs(dc[0]! - 937.5) <= 2, `DC bin ${dc[0]}`);
  t.is(dc[1], 0);
  t.is(dc[n + 1], 0);
  // A cosine of amplitude 16000 at bin 16 over 480 samples.
  const cosine = Array.from({ length: 480 }, (_, i) => Math.round(16000 * Math.cos((2 * Math.PI * 16 * i) / n)));
  const c = runRfft([cosine], 480, n);
  t.true(maxDiff(c, floatRfft(cosine, n)) < 6, `cosine: max error ${maxDiff(c, floatRfft(cosine, n))}`);
  // Random full-scale frames (xorshift32), for 512 and 64 points: the worst bin stays within 4 LSB.
  let seed = 1;
  const next = (): number => {
    seed ^= seed << 13; seed >>>= 0;
    seed ^= seed >>> 17;
    seed ^= seed << 5; seed >>>= 0;
    return seed;
  };
  for (const len of [512, 64]) {
    let worst = 0;
    for (let f = 0; f < 6; f++) {
      const frame = Array.from({ length: len }, () => (next() % 65536) - 32768);
      worst = Math.max(worst, maxDiff(runRfft([frame], len, len), floatRfft(frame, len)));
    }
    t.true(worst < 4, `fft ${len}: worst error ${worst}`);
  }
});
