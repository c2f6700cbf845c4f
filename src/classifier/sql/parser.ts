import { createRequire } from 'node:module';

export type SqlDialect = 'postgresql' | 'mysql' | 'sqlite';

interface AstParser {
  astify(sql: string, options: { database: string }): unknown;
}

const require = createRequire(import.meta.url);
const parsers = new Map<SqlDialect, AstParser>();

/** node-sql-parser ships one build per dialect; load only the one needed, once. */
function parserFor(dialect: SqlDialect): AstParser {
  let parser = parsers.get(dialect);
  if (!parser) {
    const module = require(`node-sql-parser/build/${dialect}`) as { Parser: new () => AstParser };
    parser = new module.Parser();
    parsers.set(dialect, parser);
  }
  return parser;
}

/** The AST of one statement, or null when node-sql-parser cannot parse it. */
export function parseStatement(statement: string, dialect: SqlDialect): Record<string, unknown> | null {
  try {
    const ast = parserFor(dialect).astify(statement, { database: dialect === 'postgresql' ? 'postgresql' : dialect });
    const first = Array.isArray(ast) ? ast[0] : ast;
    return first && typeof first === 'object' ? (first as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
