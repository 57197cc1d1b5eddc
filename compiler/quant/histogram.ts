/**
 * A streaming record of one tensor's values during calibration: exact
 * minimum and maximum plus a histogram from which percentile and
 * error-minimising clipping ranges are chosen afterwards.
 *
 * The histogram never needs the final range in advance. It has a fixed
 * number of bins on each side of zero, all of one power-of-two width; when a
 * value falls beyond the last bin the width doubles and neighbouring bins
 * merge pairwise. Doubling keeps every bin edge an old bin edge, so merging
 * loses nothing a fresh histogram at the new width would have kept.
 */

/** Bins on each side of zero. */
const BINS = 1024;

export class ValueHistogram {
  min = Infinity;
  max = -Infinity;
  count = 0;
  /** pos[i] counts x in [i·w, (i+1)·w); neg[i] counts -x in (i·w, (i+1)·w]. */
  readonly pos = new Float64Array(BINS);
  readonly neg = new Float64Array(BINS);
  /** Bin width; 0 until the first non-zero value arrives. */
  width = 0;

  /** Adds every value of a float array. */
  add(values: ArrayLike<number>): void {
    let lo = this.min;
    let hi = this.max;
    let peak = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    this.min = lo;
    this.max = hi;
    peak = Math.max(Math.abs(lo), Math.abs(hi));
    if (!Number.isFinite(peak)) return;
    this.growTo(peak);
    const w = this.width;
    if (w === 0) {
      this.pos[0]! += values.length;
      this.count += values.length;
      return;
    }
    const inv = 1 / w;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v >= 0) this.pos[Math.min(BINS - 1, Math.floor(v * inv))]! += 1;
      else this.neg[Math.min(BINS - 1, Math.floor(-v * inv))]! += 1;
    }
    this.count += values.length;
  }

  /** Doubles the bin width (merging bins pairwise) until `peak` fits. */
  private growTo(peak: number): void {
    if (peak === 0) return;
    if (this.width === 0) {
      // First non-zero data: the smallest power of two with peak inside the bins.
      this.width = 2 ** Math.ceil(Math.log2(peak / BINS));
      if (peak >= this.width * BINS) this.width *= 2;
      return;
    }
    while (peak >= this.width * BINS) {
      for (const side of [this.pos, this.neg]) {
        for (let i = 0; i < BINS / 2; i++) side[i] = side[2 * i]! + side[2 * i + 1]!;
        side.fill(0, BINS / 2);
      }
      this.width *= 2;
    }
  }

  /** Bin centres and counts from the most negative to the most positive, skipping empty bins. */
  bins(): Array<{ centre: number; count: number }> {
    const out: Array<{ centre: number; count: number }> = [];
    for (let i = BINS - 1; i >= 0; i--) if (this.neg[i]! > 0) out.push({ centre: -(i + 0.5) * this.width, count: this.neg[i]! });
    for (let i = 0; i < BINS; i++) if (this.pos[i]! > 0) out.push({ centre: (i + 0.5) * this.width, count: this.pos[i]! });
    return out;
  }

  /**
   * The value below which a fraction `q` of the data lies (bin resolution),
   * clamped to the exact min and max.
   */
  quantile(q: number): number {
    if (this.count === 0) return 0;
    const target = q * this.count;
    let seen = 0;
    for (let i = BINS - 1; i >= 0; i--) {
      seen += this.neg[i]!;
      if (seen >= target) return Math.max(this.min, -i * this.width);
    }
    for (let i = 0; i < BINS; i++) {
      seen += this.pos[i]!;
      if (seen >= target) return Math.min(this.max, (i + 1) * this.width);
    }
    return this.max;
  }
}
