/**
 * TFLite's int16 logistic and tanh (reference_integer_ops::Logistic and
 * ::Tanh on int16): a 256-entry table of sigmoid(i / 24) in unsigned 0.16,
 * linearly interpolated, with the input scaled by 3 (so the table's range
 * [0, 10.7) covers Q3.12 inputs up to ±8). Output Q0.15. TFLite Micro's
 * integer LSTM uses them for its gates and cell.
 *
 * The table is TFLite's own values, not recomputed: 44 of them are one above
 * the rounded sigmoid, and bit-exactness needs them as they are.
 */

export const SIGMOID_TABLE_U16: readonly number[] = [
  32768, 33451, 34133, 34813, 35493, 36169, 36843, 37513, 38180, 38841, 39498, 40149, 40794, 41432, 42064, 42688,
  43304, 43912, 44511, 45102, 45683, 46255, 46817, 47369, 47911, 48443, 48964, 49475, 49975, 50464, 50942, 51409,
  51865, 52311, 52745, 53169, 53581, 53983, 54374, 54755, 55125, 55485, 55834, 56174, 56503, 56823, 57133, 57433,
  57724, 58007, 58280, 58544, 58800, 59048, 59288, 59519, 59743, 59959, 60168, 60370, 60565, 60753, 60935, 61110,
  61279, 61441, 61599, 61750, 61896, 62036, 62172, 62302, 62428, 62549, 62666, 62778, 62886, 62990, 63090, 63186,
  63279, 63368, 63454, 63536, 63615, 63691, 63765, 63835, 63903, 63968, 64030, 64090, 64148, 64204, 64257, 64308,
  64357, 64405, 64450, 64494, 64536, 64576, 64614, 64652, 64687, 64721, 64754, 64786, 64816, 64845, 64873, 64900,
  64926, 64950, 64974, 64997, 65019, 65039, 65060, 65079, 65097, 65115, 65132, 65149, 65164, 65179, 65194, 65208,
  65221, 65234, 65246, 65258, 65269, 65280, 65291, 65301, 65310, 65319, 65328, 65337, 65345, 65352, 65360, 65367,
  65374, 65381, 65387, 65393, 65399, 65404, 65410, 65415, 65420, 65425, 65429, 65433, 65438, 65442, 65445, 65449,
  65453, 65456, 65459, 65462, 65465, 65468, 65471, 65474, 65476, 65479, 65481, 65483, 65485, 65488, 65489, 65491,
  65493, 65495, 65497, 65498, 65500, 65501, 65503, 65504, 65505, 65507, 65508, 65509, 65510, 65511, 65512, 65513,
  65514, 65515, 65516, 65517, 65517, 65518, 65519, 65520, 65520, 65521, 65522, 65522, 65523, 65523, 65524, 65524,
  65525, 65525, 65526, 65526, 65526, 65527, 65527, 65528, 65528, 65528, 65529, 65529, 65529, 65529, 65530, 65530,
  65530, 65530, 65531, 65531, 65531, 65531, 65531, 65532, 65532, 65532, 65532, 65532, 65532, 65533, 65533, 65533,
  65533, 65533, 65533, 65533, 65533, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65535,
];

/** Logistic on an int16 Q3.12 value (input multiplier 0, left shift 0): Q0.15 in [0, 32767]. */
export function sigmoid16(x: number): number {
  const v = 3 * x;
  const a = Math.abs(v);
  const uh = a >>> 9;
  let r: number;
  if (uh >= 255) r = 0x7fff * 1024;
  else {
    const ua = SIGMOID_TABLE_U16[uh]!;
    r = ua * 512 + (a & 0x1ff) * (SIGMOID_TABLE_U16[uh + 1]! - ua);
  }
  r = v >= 0 ? r + 512 : (1 << 25) - r + 511;
  return Math.floor(r / 1024);
}

/**
 * Tanh on an int16 value: multiplier 0 means 3 << leftShift with no shift
 * after; otherwise (x·multiplier + half) >> leftShift. Q0.15 in [−32767, 32767].
 */
export function tanh16(x: number, multiplier: number, leftShift: number): number {
  const mult = multiplier === 0 ? 3 * 2 ** leftShift : multiplier;
  const shift = multiplier === 0 ? 0 : leftShift;
  const v = Math.floor((x * mult + (shift > 0 ? 2 ** (shift - 1) : 0)) / 2 ** shift);
  const a = Math.abs(v);
  const uh = Math.floor(a / 256);
  let r: number;
  if (uh >= 255) r = 0xffff * 256;
  else {
    const ua = SIGMOID_TABLE_U16[uh]!;
    r = ua * 256 + (a & 0xff) * (SIGMOID_TABLE_U16[uh + 1]! - ua);
  }
  r = v >= 0 ? r - (1 << 23) + 128 : -r + (1 << 23) + 127;
  return Math.floor(r / 256);
}
