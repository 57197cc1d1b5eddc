/*
 * .npy reading and writing for bundle example programs. See ingot_npy.h.
 * Every failure names the file and what is wrong, on one line.
 */
#include "ingot_npy.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *path, const char *what) {
  fprintf(stderr, "error: %s: %s\n", path, what);
  return -1;
}

/* The quoted value after `key` in the header dictionary, copied into out. */
static int header_string(const char *header, const char *key, char *out, size_t size) {
  const char *p = strstr(header, key);
  const char *end;
  if (p == NULL) return -1;
  p = strchr(p + strlen(key), '\'');
  if (p == NULL) return -1;
  end = strchr(p + 1, '\'');
  if (end == NULL || (size_t)(end - p - 1) >= size) return -1;
  memcpy(out, p + 1, (size_t)(end - p - 1));
  out[end - p - 1] = '\0';
  return 0;
}

/* Product of the shape tuple's entries ((1 for a scalar), or -1 when malformed. */
static long long header_count(const char *header) {
  const char *p = strstr(header, "'shape'");
  long long count = 1;
  if (p == NULL || (p = strchr(p, '(')) == NULL) return -1;
  p++;
  for (;;) {
    char *next;
    long long d;
    while (*p == ' ' || *p == ',') p++;
    if (*p == ')') return count;
    d = strtoll(p, &next, 10);
    if (next == p || d < 0 || (d > 0 && count > LLONG_MAX / d)) return -1;
    count *= d;
    p = next;
  }
}

/*
 * Opens `path`, checks its header (element type `descr`, C order) and
 * leaves the file at its data; *elements gets its element count. NULL
 * (after printing why) on failure.
 */
static FILE *open_data(const char *path, const char *descr, long long *elements) {
  FILE *f = fopen(path, "rb");
  unsigned char prefix[12];
  size_t header_len;
  char *header;
  char file_descr[16];
  if (f == NULL) {
    fail(path, "cannot open");
    return NULL;
  }
  if (fread(prefix, 1, 10, f) != 10 || memcmp(prefix, "\x93NUMPY", 6) != 0) {
    fclose(f);
    fail(path, "not a .npy file");
    return NULL;
  }
  if (prefix[6] == 1) {
    header_len = (size_t)prefix[8] | ((size_t)prefix[9] << 8);
  } else {
    if (fread(prefix + 10, 1, 2, f) != 2) {
      fclose(f);
      fail(path, "truncated header");
      return NULL;
    }
    header_len = (size_t)prefix[8] | ((size_t)prefix[9] << 8) | ((size_t)prefix[10] << 16) | ((size_t)prefix[11] << 24);
  }
  header = (char *)malloc(header_len + 1);
  if (header == NULL || fread(header, 1, header_len, f) != header_len) {
    free(header);
    fclose(f);
    fail(path, "truncated header");
    return NULL;
  }
  header[header_len] = '\0';
  if (header_string(header, "'descr'", file_descr, sizeof file_descr) != 0) {
    free(header);
    fclose(f);
    fail(path, "has no element type in its header");
    return NULL;
  }
  if (strcmp(file_descr, descr) != 0) {
    fprintf(stderr, "error: %s: holds '%s' elements, the model needs '%s'\n", path, file_descr, descr);
    free(header);
    fclose(f);
    return NULL;
  }
  if (strstr(header, "'fortran_order': True") != NULL) {
    free(header);
    fclose(f);
    fail(path, "is in Fortran order");
    return NULL;
  }
  *elements = header_count(header);
  free(header);
  if (*elements < 0) {
    fclose(f);
    fail(path, "has a malformed shape");
    return NULL;
  }
  return f;
}

int ingot_npy_read(const char *path, const char *descr, size_t count, size_t item_size, void *dst) {
  long long file_count;
  FILE *f = open_data(path, descr, &file_count);
  if (f == NULL) return -1;
  if ((size_t)file_count != count) {
    fprintf(stderr, "error: %s: holds %lld elements, the model needs %lu\n", path, file_count, (unsigned long)count);
    fclose(f);
    return -1;
  }
  if (fread(dst, item_size, count, f) != count) {
    fclose(f);
    return fail(path, "data is truncated");
  }
  fclose(f);
  return 0;
}

long ingot_npy_frames(const char *path, const char *descr, size_t count) {
  long long file_count;
  FILE *f = open_data(path, descr, &file_count);
  if (f == NULL) return -1;
  fclose(f);
  if (count == 0 || file_count == 0 || (size_t)file_count % count != 0) {
    fprintf(stderr, "error: %s: holds %lld elements, not a whole number of frames of %lu\n", path, file_count, (unsigned long)count);
    return -1;
  }
  return (long)((size_t)file_count / count);
}

int ingot_npy_read_frame(const char *path, const char *descr, size_t count, size_t item_size, long frame, void *dst) {
  long long file_count;
  FILE *f = open_data(path, descr, &file_count);
  if (f == NULL) return -1;
  if (frame < 0 || (size_t)file_count < (size_t)(frame + 1) * count) {
    fclose(f);
    return fail(path, "has fewer frames than asked for");
  }
  if (fseek(f, (long)((size_t)frame * count * item_size), SEEK_CUR) != 0 || fread(dst, item_size, count, f) != count) {
    fclose(f);
    return fail(path, "data is truncated");
  }
  fclose(f);
  return 0;
}

/* Writes the header of an array of `rank` dims to a new file, left open for the data. NULL (after printing why) on failure. */
static FILE *create_with_header(const char *path, const char *descr, int rank, const int *dims) {
  char header[256];
  char shape[160];
  size_t len = 0;
  int i, n;
  FILE *f;
  unsigned char prefix[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 0, 0};
  shape[0] = '\0';
  for (i = 0; i < rank; i++) {
    n = snprintf(shape + len, sizeof shape - len, rank == 1 ? "%d," : (i == 0 ? "%d" : ", %d"), dims[i]);
    if (n < 0 || (size_t)n >= sizeof shape - len) {
      fail(path, "shape too long");
      return NULL;
    }
    len += (size_t)n;
  }
  n = snprintf(header, sizeof header, "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }", descr, shape);
  if (n < 0 || (size_t)n >= sizeof header - 64) {
    fail(path, "header too long");
    return NULL;
  }
  len = (size_t)n;
  /* Pad with spaces so the data starts on a 64-byte boundary; end with a newline. */
  while ((10 + len + 1) % 64 != 0) header[len++] = ' ';
  header[len++] = '\n';
  prefix[8] = (unsigned char)(len & 0xff);
  prefix[9] = (unsigned char)(len >> 8);
  f = fopen(path, "wb");
  if (f == NULL) {
    fail(path, "cannot create");
    return NULL;
  }
  if (fwrite(prefix, 1, 10, f) != 10 || fwrite(header, 1, len, f) != len) {
    fclose(f);
    fail(path, "write failed");
    return NULL;
  }
  return f;
}

/* Writes `bytes` of data to the open file `f` (NULL: opening failed, already reported) and closes it. */
static int write_and_close(FILE *f, const char *path, const void *data, size_t bytes) {
  if (f == NULL) return -1;
  if (fwrite(data, 1, bytes, f) != bytes) {
    fclose(f);
    return fail(path, "write failed");
  }
  if (fclose(f) != 0) return fail(path, "write failed");
  return 0;
}

int ingot_npy_write(const char *path, const char *descr, int rank, const int *dims, const void *data, size_t bytes) {
  return write_and_close(create_with_header(path, descr, rank, dims), path, data, bytes);
}

int ingot_npy_write_frame(const char *path, const char *descr, int rank, const int *dims, long frames, long frame, const void *data, size_t bytes) {
  FILE *f;
  if (frame == 0) {
    int stacked[9], i;
    if (rank > 8) return fail(path, "shape too long");
    stacked[0] = (int)frames;
    for (i = 0; i < rank; i++) stacked[i + 1] = dims[i];
    f = create_with_header(path, descr, rank + 1, stacked);
  } else {
    f = fopen(path, "ab");
    if (f == NULL) fail(path, "cannot append");
  }
  return write_and_close(f, path, data, bytes);
}
