/** One statement of a SQL script, or a client meta-command (`\dt`, `.tables`). */
export interface SqlPiece {
  kind: 'sql' | 'meta';
  text: string;
}

/**
 * Splits SQL text into statements on `;`, honouring quotes, dollar quotes, identifiers and
 * comments. With `metaPrefix`, a line starting with that character is a client command.
 */
export function splitSql(text: string, metaPrefix: '\\' | '.' | null = null): SqlPiece[] {
  const pieces: SqlPiece[] = [];
  let current = '';
  let i = 0;
  const n = text.length;
  const flush = (): void => {
    if (current.trim()) pieces.push({ kind: 'sql', text: current.trim() });
    current = '';
  };
  while (i < n) {
    const ch = text[i]!;
    if (metaPrefix && ch === metaPrefix && current.trim() === '') {
      const end = text.indexOf('\n', i);
      const line = text.slice(i, end < 0 ? n : end);
      pieces.push({ kind: 'meta', text: line.trim() });
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (ch === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? n : end + 1;
      current += ' ';
      continue;
    }
    if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      current += ' ';
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') {
      let j = i + 1;
      while (j < n) {
        if (text[j] === '\\' && ch === "'" && text[i - 1] === 'E') {
          j += 2;
          continue;
        }
        if (text[j] === ch) {
          if (text[j + 1] === ch) {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      current += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === '$') {
      const tag = /^\$[A-Za-z_]*\$/.exec(text.slice(i));
      if (tag) {
        const end = text.indexOf(tag[0], i + tag[0].length);
        const stop = end < 0 ? n : end + tag[0].length;
        current += text.slice(i, stop);
        i = stop;
        continue;
      }
    }
    if (ch === ';') {
      flush();
      i++;
      continue;
    }
    // psql: a meta-command can follow SQL on the same line (`SELECT 1 \gx`).
    if (metaPrefix === '\\' && ch === '\\') {
      flush();
      const end = text.indexOf('\n', i);
      pieces.push({ kind: 'meta', text: text.slice(i, end < 0 ? n : end).trim() });
      i = end < 0 ? n : end + 1;
      continue;
    }
    current += ch;
    i++;
  }
  flush();
  return pieces;
}

/** Statement text with comments removed and whitespace collapsed, for keyword checks. */
export function normaliseStatement(statement: string): string {
  return statement
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The statement with string literals blanked out, so keywords inside strings do not count. */
export function withoutStrings(statement: string): string {
  return statement.replace(/'(?:[^']|'')*'/g, "''").replace(/\$([A-Za-z_]*)\$[\s\S]*?\$\1\$/g, "''");
}
