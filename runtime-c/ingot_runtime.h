/*
 * Ingot C runtime: the types, status codes and portability macros that every
 * generated bundle includes.
 *
 * C99, no allocation, no globals; the only library calls a bundle makes are
 * memcpy/memset (<string.h>) and, for float models, expf/tanhf/roundf (<math.h>).
 * Fixed-point arithmetic lives in ingot_fixed_point.h.
 */
#ifndef INGOT_RUNTIME_H
#define INGOT_RUNTIME_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define INGOT_RUNTIME_VERSION "0.1.0"

/* Status codes returned by every generated `<model>_run` / `<model>_invoke`. */
#define INGOT_OK 0
#define INGOT_ERROR_NULL_ARENA 1       /* the arena pointer is NULL */
#define INGOT_ERROR_MISALIGNED_ARENA 2 /* the arena is not aligned to <MODEL>_ARENA_ALIGNMENT */
#define INGOT_ERROR_NULL_ARGUMENT 3    /* an input or output pointer is NULL */

/* A one-line description of a status code, for logs. */
static inline const char *ingot_status_string(int status) {
  switch (status) {
    case INGOT_OK: return "ok";
    case INGOT_ERROR_NULL_ARENA: return "the arena pointer is NULL";
    case INGOT_ERROR_MISALIGNED_ARENA: return "the arena is not aligned to the model's ARENA_ALIGNMENT";
    case INGOT_ERROR_NULL_ARGUMENT: return "an input or output pointer is NULL";
    default: return "unknown status";
  }
}

/*
 * Alignment of arrays (weights, static arenas). C99 has no _Alignas, so this
 * uses the GCC/Clang attribute where the compiler has it and nothing
 * elsewhere (then place the arrays with the toolchain's own pragma).
 */
#if defined(__GNUC__) || defined(__clang__)
#define INGOT_ALIGNED(n) __attribute__((aligned(n)))
#else
#define INGOT_ALIGNED(n)
#endif

/*
 * Optional per-layer profiling. Build with -DINGOT_PROFILE and define these
 * two functions in your program (wire them to a cycle counter or timer);
 * each generated layer call is bracketed by them. Without INGOT_PROFILE the
 * calls, and the layer-name strings, compile to nothing.
 */
#ifdef INGOT_PROFILE
void ingot_profile_begin(const char *model, int layer, const char *name);
void ingot_profile_end(const char *model, int layer, const char *name);
#define INGOT_PROFILE_BEGIN(model, layer, name) ingot_profile_begin((model), (layer), (name))
#define INGOT_PROFILE_END(model, layer, name) ingot_profile_end((model), (layer), (name))
#else
#define INGOT_PROFILE_BEGIN(model, layer, name) ((void)0)
#define INGOT_PROFILE_END(model, layer, name) ((void)0)
#endif

/* Saturating narrowing, used by kernels after requantization. */
static inline int32_t ingot_clamp_i32(int32_t x, int32_t lo, int32_t hi) {
  return x < lo ? lo : x > hi ? hi : x;
}

static inline int64_t ingot_clamp_i64(int64_t x, int64_t lo, int64_t hi) {
  return x < lo ? lo : x > hi ? hi : x;
}

static inline float ingot_clamp_f32(float x, float lo, float hi) {
  return x < lo ? lo : x > hi ? hi : x;
}

#endif /* INGOT_RUNTIME_H */
