/** The benchmarks' figures: nearest-rank percentiles and the one-line latency summary they print. */

/** The p-th percentile (nearest rank) of values already sorted ascending; NaN for none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** "p50 … ms  p95 … ms  [max … ms]  (n=…)" of latencies in ms, in any order. */
export function latencySummary(xs: readonly number[], options: { max?: boolean } = {}): string {
  const s = [...xs].sort((a, b) => a - b);
  const max = options.max ? `  max ${s.at(-1)!.toFixed(1)} ms` : '';
  return `p50 ${percentile(s, 50).toFixed(1)} ms  p95 ${percentile(s, 95).toFixed(1)} ms${max}  (n=${s.length})`;
}
