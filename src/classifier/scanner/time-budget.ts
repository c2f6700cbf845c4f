/**
 * One-time costs (loading a SQL dialect's parser on first use) must not count against a
 * scan's deadline, or the first SQL command after start-up would come out unknown.
 */
let excludedMs = 0;

export function excludeFromBudget<T>(work: () => T): T {
  const started = performance.now();
  try {
    return work();
  } finally {
    excludedMs += performance.now() - started;
  }
}

/** Milliseconds excluded so far in this process; scans subtract what accrued during them. */
export function excludedSoFar(): number {
  return excludedMs;
}
