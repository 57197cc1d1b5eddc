/*
 * Single-precision math for the bare-metal AArch64 test board, which links
 * no C library: the libm functions generated float kernels call (expf,
 * logf, tanhf, sqrtf, fabsf, roundf). Firmware and phone apps link their own
 * C library instead; this file only lets float bundles run under the
 * counting board (`ingot bench`, size measurement) as they do on the
 * hosted one.
 *
 * expf, logf and tanhf are computed in double and rounded once to float,
 * so each is within one unit in the last place of the exact value, as a C
 * library's are: float models stay within the oracle's tolerance. sqrtf,
 * fabsf and roundf are single instructions, written as asm so that the
 * compiler cannot turn them back into calls to themselves.
 */
#include <stdint.h>

float sqrtf(float x);
float fabsf(float x);
float roundf(float x);
float expf(float x);
float logf(float x);
float tanhf(float x);

float sqrtf(float x) {
  float r;
  __asm__("fsqrt %s0, %s1" : "=w"(r) : "w"(x));
  return r;
}

float fabsf(float x) {
  float r;
  __asm__("fabs %s0, %s1" : "=w"(r) : "w"(x));
  return r;
}

/* Half away from zero, as C's roundf. */
float roundf(float x) {
  float r;
  __asm__("frinta %s0, %s1" : "=w"(r) : "w"(x));
  return r;
}

static double nearest(double x) {
  double r;
  __asm__("frintn %d0, %d1" : "=w"(r) : "w"(x));
  return r;
}

static double from_bits(uint64_t u) {
  union { uint64_t u; double d; } v = { u };
  return v.d;
}

static uint64_t to_bits(double d) {
  union { double d; uint64_t u; } v = { d };
  return v.u;
}

/*
 * e^x for x in [-110, 100] (the range that matters once rounded to float):
 * x = k·ln 2 + r with |r| ≤ ln 2 / 2 (ln 2 split in two so k·ln 2 is exact
 * to double precision), e^r by its Taylor series to r^13 (remainder below
 * 2^-60), then 2^k through the exponent bits.
 */
static double exp_in_range(double x) {
  static const double LN2_HI = 6.93147180369123816490e-01;
  static const double LN2_LO = 1.90821492927058770002e-10;
  static const double INV_LN2 = 1.44269504088896338700e+00;
  const double k = nearest(x * INV_LN2);
  const double r = (x - k * LN2_HI) - k * LN2_LO;
  double p = 1.0 / 6227020800.0;                 /* 1/13! */
  static const double inverse_factorials[] = {
    1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0, 1.0 / 40320.0, 1.0 / 5040.0,
    1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 1.0 / 2.0, 1.0, 1.0,
  };
  for (unsigned i = 0; i < sizeof inverse_factorials / sizeof inverse_factorials[0]; i++) p = p * r + inverse_factorials[i];
  return p * from_bits((uint64_t)((int64_t)k + 1023) << 52);
}

float expf(float x) {
  if (x != x) return x;
  if (x > 100.0f) return __builtin_inff();
  if (x < -110.0f) return 0.0f;
  return (float)exp_in_range(x);
}

/*
 * ln x = e·ln 2 + ln m with x = m·2^e and m in [√½, √2): ln m = 2·atanh(s),
 * s = (m − 1)/(m + 1), |s| ≤ 0.172, by its odd series to s^19.
 */
float logf(float x) {
  if (x != x || x == __builtin_inff()) return x;
  if (x < 0.0f) return __builtin_nanf("");
  if (x == 0.0f) return -__builtin_inff();
  const uint64_t bits = to_bits((double)x);
  int64_t e = (int64_t)((bits >> 52) & 0x7ff) - 1023;
  double m = from_bits((bits & 0x000fffffffffffffull) | 0x3ff0000000000000ull);
  if (m > 1.41421356237309504880) {
    m *= 0.5;
    e += 1;
  }
  const double s = (m - 1.0) / (m + 1.0);
  const double s2 = s * s;
  double series = 1.0 / 19.0;
  for (int n = 17; n >= 1; n -= 2) series = series * s2 + 1.0 / n;
  return (float)((double)e * 6.93147180559945309417e-01 + 2.0 * s * series);
}

/* tanh in double: a Taylor polynomial near zero (where e^2x − 1 would cancel), else (e^2x − 1)/(e^2x + 1). */
float tanhf(float x) {
  if (x != x) return x;
  const double a = x < 0.0f ? -(double)x : (double)x;
  double y;
  if (a > 9.5) {
    y = 1.0;
  } else if (a < 0.0625) {
    const double a2 = a * a;
    y = a * (1.0 + a2 * (-1.0 / 3.0 + a2 * (2.0 / 15.0 + a2 * (-17.0 / 315.0 + a2 * (62.0 / 2835.0 + a2 * (-1382.0 / 155925.0))))));
  } else {
    const double t = exp_in_range(2.0 * a);
    y = (t - 1.0) / (t + 1.0);
  }
  return (float)(x < 0.0f ? -y : y);
}
