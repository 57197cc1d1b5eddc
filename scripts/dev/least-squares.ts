/**
 * Least squares for the size-model calibration: ordinary least squares by
 * the normal equations (few, well-scaled columns) and Lawson and Hanson's
 * non-negative least squares on top of it, because a byte cost may not go
 * negative — a feature would otherwise buy accuracy on the samples by
 * cancelling another, and mispredict every bundle the fit did not see.
 */

/** x minimising |a x − b|² (columns of `a` with no data get 0). */
export function leastSquares(a: readonly number[][], b: readonly number[]): number[] {
  const n = a[0]?.length ?? 0;
  const m = Array.from({ length: n }, (_, i) => [
    ...Array.from({ length: n }, (_, j) => a.reduce((s, r) => s + r[i]! * r[j]!, 0)),
    a.reduce((s, r, k) => s + r[i]! * b[k]!, 0),
  ]);
  for (let i = 0; i < n; i++) {
    let p = i;
    for (let r = i + 1; r < n; r++) if (Math.abs(m[r]![i]!) > Math.abs(m[p]![i]!)) p = r;
    [m[i], m[p]] = [m[p]!, m[i]!];
    const d = m[i]![i]! || 1e-12;
    for (let r = 0; r < n; r++) {
      if (r === i) continue;
      const f = m[r]![i]! / d;
      for (let c = i; c <= n; c++) m[r]![c]! -= f * m[i]![c]!;
    }
  }
  return m.map((row, i) => row[n]! / (row[i]! || 1e-12));
}

/** x ≥ 0 minimising |a x − b|² (Lawson and Hanson's active-set method). */
export function nonNegativeLeastSquares(a: readonly number[][], b: readonly number[]): number[] {
  const n = a[0]?.length ?? 0;
  const x = new Array<number>(n).fill(0);
  const passive = new Set<number>();
  const gradient = (): number[] => {
    const r = b.map((bi, k) => bi - a[k]!.reduce((s, v, j) => s + v * x[j]!, 0));
    return Array.from({ length: n }, (_, j) => a.reduce((s, row, k) => s + row[j]! * r[k]!, 0));
  };
  const solvePassive = (): number[] => {
    const cols = [...passive].sort((p, q) => p - q);
    const z = leastSquares(a.map((row) => cols.map((j) => row[j]!)), b);
    const full = new Array<number>(n).fill(0);
    cols.forEach((j, i) => (full[j] = z[i]!));
    return full;
  };
  for (let iteration = 0; iteration < 3 * n; iteration++) {
    const w = gradient();
    let best = -1;
    for (let j = 0; j < n; j++) if (!passive.has(j) && w[j]! > 1e-9 && (best < 0 || w[j]! > w[best]!)) best = j;
    if (best < 0) break;
    passive.add(best);
    for (;;) {
      const z = solvePassive();
      if ([...passive].every((j) => z[j]! > 0)) {
        z.forEach((v, j) => (x[j] = v));
        break;
      }
      // Step towards z until the first passive variable reaches zero, and let it go.
      let alpha = 1;
      for (const j of passive) if (z[j]! <= 0) alpha = Math.min(alpha, x[j]! / (x[j]! - z[j]!));
      for (let j = 0; j < n; j++) x[j] = x[j]! + alpha * (z[j]! - x[j]!);
      for (const j of [...passive]) if (x[j]! <= 1e-12) passive.delete(j);
    }
  }
  return x;
}
