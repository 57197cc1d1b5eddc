/*
 * Evaluates the runtime's fixed-point functions on queries read from stdin,
 * one per line (`<function> <arg> ...`), printing one result per line, so a
 * test can compare them with the TypeScript twins on many random values in
 * one process. Not part of any bundle.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../ingot_fixed_point.h"

static int32_t i32(const char *s) { return (int32_t)strtoll(s, NULL, 10); }

int main(void) {
  char line[512];
  while (fgets(line, sizeof line, stdin) != NULL) {
    char name[64];
    char a[32], b[32], c[32];
    int n = sscanf(line, "%63s %31s %31s %31s", name, a, b, c);
    if (n < 2) continue;
    if (strcmp(name, "srdhm") == 0) printf("%ld\n", (long)ingot_srdhm(i32(a), i32(b)));
    else if (strcmp(name, "rdbp") == 0) printf("%ld\n", (long)ingot_rdbp(i32(a), (int)i32(b)));
    else if (strcmp(name, "mbqm") == 0) printf("%ld\n", (long)ingot_mbqm(i32(a), i32(b), (int)i32(c)));
    else if (strcmp(name, "mbqm_smaller") == 0) printf("%ld\n", (long)ingot_mbqm_smaller_than_one(i32(a), i32(b), (int)i32(c)));
    else if (strcmp(name, "mbqm_greater") == 0) printf("%ld\n", (long)ingot_mbqm_greater_than_one(i32(a), i32(b), (int)i32(c)));
    else if (strcmp(name, "mbqm_right") == 0) printf("%ld\n", (long)ingot_mbqm_right(i32(a), i32(b), (int)i32(c)));
    else if (strcmp(name, "mbqm64_q15") == 0) printf("%lld\n", (long long)ingot_mbqm64_q15((int64_t)strtoll(a, NULL, 10), i32(b), (int)i32(c)));
    else if (strcmp(name, "mbqm64") == 0) printf("%lld\n", (long long)ingot_mbqm64((int64_t)strtoll(a, NULL, 10), i32(b), (int)i32(c)));
    else if (strcmp(name, "sat_mul_pot") == 0) printf("%ld\n", (long)ingot_sat_mul_pot(i32(a), (int)i32(b)));
    else if (strcmp(name, "rounding_half_sum") == 0) printf("%ld\n", (long)ingot_rounding_half_sum(i32(a), i32(b)));
    else if (strcmp(name, "exp_neg") == 0) printf("%ld\n", (long)ingot_exp_on_negative_values(i32(a), (int)i32(b)));
    else if (strcmp(name, "one_over_one_plus_x") == 0) printf("%ld\n", (long)ingot_one_over_one_plus_x_for_x_in_0_1(i32(a)));
    else if (strcmp(name, "one_minus_x_over_one_plus_x") == 0) printf("%ld\n", (long)ingot_one_minus_x_over_one_plus_x_for_x_in_0_1(i32(a)));
    else if (strcmp(name, "logistic") == 0) printf("%ld\n", (long)ingot_logistic(i32(a), (int)i32(b)));
    else if (strcmp(name, "tanh") == 0) printf("%ld\n", (long)ingot_tanh(i32(a), (int)i32(b)));
    else if (strcmp(name, "reciprocal") == 0) {
      int bits = 0;
      int32_t r = ingot_get_reciprocal(i32(a), (int)i32(b), &bits);
      printf("%ld %d\n", (long)r, bits);
    } else {
      printf("unknown %s\n", name);
    }
  }
  return 0;
}
