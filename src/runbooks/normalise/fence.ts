/** A fenced block whose fence is longer than any backtick run inside. */
export function fenced(code: string, language: string | null): string {
  const body = code.replace(/^\n+|\s+$/g, '');
  let longest = 0;
  for (const run of body.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language ?? ''}\n${body}\n${fence}`;
}
