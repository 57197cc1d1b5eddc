/*
 * Minimal NumPy .npy reading and writing for the example programs that
 * bundles ship (host only: uses stdio). Little-endian, C order, format
 * versions 1-3 read, version 1 written.
 */
#ifndef INGOT_NPY_H
#define INGOT_NPY_H

#include <stddef.h>

/*
 * Reads `path` into `dst`: the file must hold elements of NumPy type `descr`
 * (e.g. "|i1", "<f4") and `count` of them in total, whatever its shape.
 * Returns 0, or prints one line to stderr and returns -1.
 */
int ingot_npy_read(const char *path, const char *descr, size_t count, size_t item_size, void *dst);

/* Writes `bytes` bytes of `descr` elements with the given shape. Returns 0 or -1 (after printing why). */
int ingot_npy_write(const char *path, const char *descr, int rank, const int *dims, const void *data, size_t bytes);

/*
 * Streams: a file of frames stacked on a first axis, `count` elements each.
 * ingot_npy_frames gives how many frames `path` holds (-1, after printing
 * why, when it is not a whole number of them); ingot_npy_read_frame reads
 * frame `frame`; ingot_npy_write_frame writes frame `frame` of `frames`
 * (frame 0 creates the file with the stacked shape, later frames append).
 */
long ingot_npy_frames(const char *path, const char *descr, size_t count);
int ingot_npy_read_frame(const char *path, const char *descr, size_t count, size_t item_size, long frame, void *dst);
int ingot_npy_write_frame(const char *path, const char *descr, int rank, const int *dims, long frames, long frame, const void *data, size_t bytes);

#endif /* INGOT_NPY_H */
