/** Polls an async check until it returns something other than undefined (for things outside the sandbox). */
export async function poll<T>(check: () => Promise<T | undefined>, options: { timeoutMs: number; intervalMs?: number; what: string }): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}
