// The few statistics the benchmark reports.

/** The median of `values` (the mean of the middle two for an even count); null when empty. */
export function median(values) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Throughput in MB/s (MB = 1,000,000 bytes of UTF-8) of `bytes` done in `ms`; null if unknown. */
export function mbPerSecond(bytes, ms) {
  return ms > 0 ? bytes / 1e6 / (ms / 1000) : null;
}

/** Per key, the median of the numbers `pick(item)` gives for each item that has the key. */
export function medianByKey(items, pick) {
  const values = {};
  for (const item of items) {
    for (const [key, value] of Object.entries(pick(item) ?? {})) (values[key] ??= []).push(value);
  }
  return Object.fromEntries(Object.entries(values).map(([key, list]) => [key, median(list)]));
}
