/**
 * Hugo and Zola pages open with TOML front matter between `+++` lines. When it holds only
 * `key = value` lines (strings, numbers, booleans, arrays), it is the same data as YAML
 * front matter, so it is rewritten as such and read like any other (§1 of docs/runbooks.md).
 * Anything richer (`[tables]`) is left alone rather than guessed at.
 */
export function tomlFrontMatterToYaml(text: string): string {
  const lines = text.split('\n');
  if (lines[0]?.trim() !== '+++') return text;
  const close = lines.findIndex((l, i) => i > 0 && l.trim() === '+++');
  if (close === -1) return text;
  const body = lines.slice(1, close);
  const pairs = body.map((l) => /^\s*([A-Za-z_][\w-]*)\s*=\s*(.+?)\s*$/.exec(l));
  if (pairs.some((p, i) => p === null && body[i]!.trim() !== '' && !body[i]!.trim().startsWith('#'))) return text;
  const yaml = pairs.flatMap((p) => (p ? [`${p[1]}: ${p[2]}`] : []));
  return ['---', ...yaml, '---', ...lines.slice(close + 1)].join('\n');
}
