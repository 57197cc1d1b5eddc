/**
 * Error statistics between a reference (float) tensor and its quantized
 * counterpart, accumulated over many samples: SQNR in dB, cosine
 * similarity, maximum absolute error and, for outputs, top-1 agreement
 * (argmax over the last axis, row by row).
 *
 * Accumulators hold sums only, so any number of samples costs constant
 * memory; `finish` turns them into plain JSON-able numbers. Perfect
 * agreement gives SQNR = null (infinite), not a huge number.
 */
export interface ErrorStats {
  /** 10·log10(Σ ref² / Σ (q − ref)²); null when the error (or the signal) is exactly zero. */
  sqnrDb: number | null;
  cosine: number;
  maxAbsError: number;
  /** Fraction of rows whose argmax agrees; null when rows have one element. */
  top1Agreement: number | null;
  /** Values compared. */
  count: number;
}

export class ErrorAccumulator {
  private signal = 0;
  private noise = 0;
  private dot = 0;
  private refNorm = 0;
  private qNorm = 0;
  private maxAbs = 0;
  private rows = 0;
  private agree = 0;
  private count = 0;

  /** Adds one sample's tensors; `rowLength` is the last-axis extent used for top-1. */
  add(ref: ArrayLike<number>, q: ArrayLike<number>, rowLength: number): void {
    for (let i = 0; i < ref.length; i++) {
      const r = ref[i]!;
      const v = q[i]!;
      const e = v - r;
      this.signal += r * r;
      this.noise += e * e;
      this.dot += r * v;
      this.refNorm += r * r;
      this.qNorm += v * v;
      const a = Math.abs(e);
      if (a > this.maxAbs) this.maxAbs = a;
    }
    this.count += ref.length;
    if (rowLength > 1) {
      for (let start = 0; start + rowLength <= ref.length; start += rowLength) {
        this.rows++;
        if (argmax(ref, start, rowLength) === argmax(q, start, rowLength)) this.agree++;
      }
    }
  }

  finish(): ErrorStats {
    const cos = this.refNorm === 0 || this.qNorm === 0 ? (this.refNorm === this.qNorm ? 1 : 0) : this.dot / Math.sqrt(this.refNorm * this.qNorm);
    return {
      sqnrDb: this.noise === 0 || this.signal === 0 ? null : 10 * Math.log10(this.signal / this.noise),
      cosine: cos,
      maxAbsError: this.maxAbs,
      top1Agreement: this.rows === 0 ? null : this.agree / this.rows,
      count: this.count,
    };
  }

  /** Σ(q − ref)² / Σ ref²: the relative noise power (additive across independent noise sources). */
  relativeNoise(): number {
    return this.signal === 0 ? (this.noise === 0 ? 0 : Infinity) : this.noise / this.signal;
  }
}

/** Index of the largest element in a row (first on ties). */
export function argmax(a: ArrayLike<number>, start: number, length: number): number {
  let best = 0;
  for (let i = 1; i < length; i++) if (a[start + i]! > a[start + best]!) best = i;
  return best;
}
