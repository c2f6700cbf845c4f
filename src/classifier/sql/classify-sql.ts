import type { RiskLevel } from '../types.js';
import { functionEffect } from './functions.js';
import { parseStatement, type SqlDialect } from './parser.js';
import { normaliseStatement, splitSql, withoutStrings } from './split.js';

export interface SqlFinding {
  level: RiskLevel;
  ruleId: string;
  message: string;
  target: string | null;
}

type Ast = Record<string, unknown>;

const f = (level: RiskLevel, ruleId: string, message: string, target: string | null = null): SqlFinding => ({
  level,
  ruleId,
  message,
  target,
});

/**
 * Classifies SQL text statement by statement (decision 0004). The parser decides what it
 * can parse; a keyword layer covers statements it does not support (VACUUM, KILL, COPY …);
 * anything else is unknown. Statements inside a transaction that is rolled back are capped
 * at caution when the database can really roll them back.
 */
export function classifySql(text: string, dialect: SqlDialect): SqlFinding[] {
  const statements = splitSql(text)
    .filter((p) => p.kind === 'sql')
    .map((p) => p.text);
  if (statements.length === 0) return [f('safe', 'sql.empty', 'No SQL statement to run.')];
  const results: SqlFinding[][] = statements.map((s) => classifyStatement(s, dialect));
  capRolledBackTransactions(statements, results, dialect);
  return results.flat();
}

function words(statement: string): string[] {
  return normaliseStatement(withoutStrings(statement))
    .toUpperCase()
    .split(/[\s(]+/)
    .filter(Boolean);
}

/**
 * Parsing SQL costs far more than the rest of a scan (and its garbage dominates latency
 * tails), while runbooks classify the same statements again and again. Results are cached
 * per dialect and statement text; they are frozen so no caller can change a cached answer.
 */
const CACHE_LIMIT = 2_000;
const cache = new Map<string, readonly SqlFinding[]>();

export function clearSqlCache(): void {
  cache.clear();
}

export function classifyStatement(statement: string, dialect: SqlDialect): SqlFinding[] {
  const key = `${dialect}\u0000${statement}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return [...hit];
  }
  const result = Object.freeze(classifyUncached(statement, dialect).map((x) => Object.freeze(x)));
  cache.set(key, result);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return [...result];
}

function classifyUncached(statement: string, dialect: SqlDialect): SqlFinding[] {
  const w = words(statement);
  const upper = normaliseStatement(withoutStrings(statement)).toUpperCase();
  const first = w[0] ?? '';
  switch (first) {
    case 'SELECT':
    case 'WITH':
    case 'VALUES':
    case 'TABLE':
    case 'UPDATE':
    case 'DELETE':
    case 'INSERT':
    case 'REPLACE':
    case 'UPSERT':
      return viaParser(statement, dialect, first, upper);
    case 'MERGE':
      return [f('caution', 'sql.merge', 'Inserts, updates or deletes rows by matching.', objectAfter(w, 'INTO'))];
    case 'DROP':
      return [
        f(
          'dangerous',
          'sql.drop',
          `Drops ${w[1]?.toLowerCase() ?? 'an object'} ${objectName(w, 2) ?? ''}; its data and definition are gone.`.replace(
            /\s+;?$/,
            '.',
          ),
          objectName(w, 2),
        ),
      ];
    case 'TRUNCATE':
      return [
        f('dangerous', 'sql.truncate', 'Removes every row of the table.', objectName(w, w[1] === 'TABLE' ? 2 : 1)),
      ];
    case 'ALTER':
      return alter(w, upper);
    case 'CREATE':
      return [
        f(
          'caution',
          'sql.create',
          `Creates ${w[1]?.toLowerCase() ?? 'an object'}${w[1] === 'INDEX' && !w.includes('CONCURRENTLY') ? ' (locks writes to the table while it builds)' : ''}.`,
          objectName(w, 2),
        ),
      ];
    case 'GRANT':
    case 'REVOKE':
      return [f('caution', 'sql.grant', 'Changes privileges.')];
    case 'EXPLAIN':
    case 'DESCRIBE':
    case 'DESC':
      return first === 'EXPLAIN' ? explain(statement, dialect) : [f('safe', 'sql.read', 'Describes a table.')];
    case 'ANALYZE':
    case 'ANALYSE':
    case 'VACUUM':
    case 'REINDEX':
    case 'CLUSTER':
    case 'CHECKPOINT':
    case 'OPTIMIZE':
    case 'REPAIR':
      return [maintenance(first, w)];
    case 'CHECK':
    case 'SHOW':
    case 'HELP':
      return [f('safe', 'sql.read', 'Reads server state.')];
    case 'KILL':
      return [f('caution', 'sql.kill', 'Kills a connection or query.', w[w.length - 1]?.toLowerCase() ?? null)];
    case 'SET':
      return /^SET (GLOBAL|PERSIST|PERSIST_ONLY|@@GLOBAL|@@PERSIST)/.test(upper)
        ? [f('caution', 'sql.set-global', 'Changes a server-wide setting.')]
        : [f('safe', 'sql.set-session', 'Changes a setting for this session only.')];
    case 'RESET':
      return /^RESET (MASTER|BINARY|REPLICA|SLAVE)/.test(upper)
        ? [f('dangerous', 'sql.reset-replication', 'Deletes binary logs or replication state.')]
        : [f('safe', 'sql.session', 'Resets a session setting.')];
    case 'BEGIN':
    case 'COMMIT':
    case 'END':
    case 'ROLLBACK':
    case 'ABORT':
    case 'SAVEPOINT':
    case 'RELEASE':
    case 'DISCARD':
    case 'DEALLOCATE':
    case 'LISTEN':
    case 'UNLISTEN':
    case 'USE':
      return [f('safe', 'sql.session', 'Transaction or session control.')];
    case 'START':
      return w[1] === 'TRANSACTION'
        ? [f('safe', 'sql.session', 'Starts a transaction.')]
        : [f('caution', 'sql.replication', 'Starts replication threads.')];
    case 'STOP':
    case 'CHANGE':
      return [f('caution', 'sql.replication', 'Changes replication.')];
    case 'NOTIFY':
      return [f('caution', 'sql.notify', 'Sends a notification to listeners.')];
    case 'COPY':
      return [copy(upper)];
    case 'LOCK':
      return [f('caution', 'sql.lock', 'Locks tables until the transaction ends.')];
    case 'PURGE':
      return /^PURGE (BINARY|MASTER) LOGS/.test(upper)
        ? [
            f(
              'dangerous',
              'sql.purge-binary-logs',
              'Deletes binary logs: replicas and point-in-time recovery that need them break.',
            ),
          ]
        : [f('caution', 'sql.admin', 'PURGE changes server state.')];
    case 'SYSTEM':
      return /^SYSTEM (SHUTDOWN|KILL)\b/.test(upper)
        ? [f('dangerous', 'sql.shutdown', 'Shuts the database server down.')]
        : [f('caution', 'sql.system', 'SYSTEM changes server state (caches, merges, replication).')];
    case 'EXISTS':
      return [f('safe', 'sql.read', 'Checks whether an object exists.')];
    case 'FLUSH':
    case 'LOAD':
    case 'IMPORT':
    case 'ATTACH':
    case 'DETACH':
    case 'COMMENT':
    case 'SECURITY':
    case 'REFRESH':
    case 'REASSIGN':
    case 'RENAME':
    case 'INSTALL':
    case 'UNINSTALL':
      return [f('caution', 'sql.admin', `${first} changes server or schema state.`)];
    case 'PRAGMA':
      return upper.includes('=')
        ? [f('caution', 'sql.pragma-set', 'Changes a database setting.')]
        : [f('safe', 'sql.read', 'Reads a database setting.')];
    case 'SHUTDOWN':
      return [f('dangerous', 'sql.shutdown', 'Shuts the database server down.')];
    case 'DO':
    case 'CALL':
    case 'EXECUTE':
    case 'EXEC':
    case 'PREPARE':
      return [f('unknown', 'sql.procedural', `${first} runs code the scanner cannot see into.`)];
    default:
      return [f('unknown', 'sql.unknown-statement', `${first || 'This'} is not a SQL statement the scanner knows.`)];
  }
}

function objectName(w: readonly string[], from: number): string | null {
  let i = from;
  while (
    w[i] === 'IF' ||
    w[i] === 'EXISTS' ||
    w[i] === 'NOT' ||
    w[i] === 'TABLE' ||
    w[i] === 'ONLY' ||
    w[i] === 'CONCURRENTLY' ||
    w[i] === 'UNIQUE' ||
    w[i] === 'INDEX' ||
    w[i] === 'OR' ||
    w[i] === 'REPLACE'
  )
    i++;
  const name = w[i];
  return name ? name.replace(/[;,]$/, '').toLowerCase() : null;
}

function objectAfter(w: readonly string[], keyword: string): string | null {
  const i = w.indexOf(keyword);
  return i < 0 ? null : (w[i + 1]?.toLowerCase() ?? null);
}

/** ALTER … DROP <column|partition> destroys data; other ALTERs change schema recoverably. */
function alter(w: readonly string[], upper: string): SqlFinding[] {
  const target = objectName(w, 2);
  if (w[1] === 'SYSTEM') return [f('caution', 'sql.alter-system', 'Changes server configuration.')];
  const drops = [...upper.matchAll(/\bDROP\s+(?:IF EXISTS\s+)?(\w+)/g)].map((m) => m[1]!);
  const harmless =
    /^(CONSTRAINT|DEFAULT|NOT|EXPRESSION|IDENTITY|INDEX|PRIMARY|FOREIGN|CHECK|TRIGGER|ROW|OWNED|MAPPING|VALUE|ATTRIBUTE|KEY)$/;
  // ClickHouse mutations: `ALTER TABLE t DELETE WHERE …` deletes the matching rows.
  if (/\bDELETE\s+WHERE\s+(1|TRUE|1\s*=\s*1)\s*;?$/.test(upper))
    return [f('dangerous', 'sql.alter-delete-all', 'Deletes every row of the table.', target)];
  if (drops.some((d) => !harmless.test(d))) {
    return [f('dangerous', 'sql.alter-drop', 'Drops a column or partition: the data in it is gone.', target)];
  }
  return [f('caution', 'sql.alter', `Changes the definition of ${target ?? 'an object'}.`, target)];
}

function maintenance(first: string, w: readonly string[]): SqlFinding {
  if (first === 'VACUUM' && w.includes('FULL'))
    return f('caution', 'sql.vacuum-full', 'VACUUM FULL rewrites the table under an exclusive lock.', objectName(w, 2));
  return f(
    'caution',
    'sql.maintenance',
    `${first} runs maintenance: extra I/O and locks.`,
    w[1]?.toLowerCase() ?? null,
  );
}

function copy(upper: string): SqlFinding {
  if (/\bPROGRAM\b/.test(upper))
    return f('unknown', 'sql.copy-program', 'COPY … PROGRAM runs a shell command on the database server.');
  if (/\bTO\s+STDOUT\b/.test(upper)) return f('safe', 'sql.copy-out', 'Copies rows to the client.');
  if (/\bFROM\b/.test(upper.replace(/\(.*\)/, ''))) return f('caution', 'sql.copy-in', 'Loads rows into a table.');
  return f('caution', 'sql.copy-to-file', 'Writes rows to a file on the database server.');
}

/** EXPLAIN shows a plan; EXPLAIN ANALYZE runs the statement. */
function explain(statement: string, dialect: SqlDialect): SqlFinding[] {
  const m =
    /^\s*EXPLAIN\s+(\([^)]*\)\s*)?((?:(?:ANALYZE|ANALYSE|VERBOSE|EXTENDED|PARTITIONS|FORMAT\s*=\s*\w+|QUERY\s+PLAN)\s+)*)([\s\S]*)$/i.exec(
      statement,
    );
  if (!m) return [f('unknown', 'sql.unparsed', 'The EXPLAIN statement could not be read.')];
  const options = `${m[1] ?? ''} ${m[2] ?? ''}`.toUpperCase();
  const analyses = /\bANALY[SZ]E\b(?!\s+(FALSE|OFF|0)\b)/.test(options);
  if (!analyses) return [f('safe', 'sql.explain', 'Shows the plan without running the statement.')];
  const inner = classifyStatement(m[3] ?? '', dialect);
  return inner.map((x) => (x.level === 'safe' ? x : { ...x, message: `EXPLAIN ANALYZE runs it: ${x.message}` }));
}

function viaParser(statement: string, dialect: SqlDialect, first: string, upper: string): SqlFinding[] {
  const ast = parseStatement(statement, dialect);
  if (!ast) return lexicalFallback(first, upper);
  const type = String(ast.type ?? '');
  const table = firstTable(ast);
  const functions = functionFindings(ast);
  switch (type) {
    case 'select': {
      if (/\b(PG_SHADOW|PG_AUTHID|PG_USER_MAPPINGS?|MYSQL\.USER)\b/.test(upper)) {
        return [f('caution', 'secret.sql', 'Reads password hashes or stored credentials.'), ...functions];
      }
      const into = ast.into as { expr?: unknown } | undefined;
      if (into?.expr)
        return [f('caution', 'sql.select-into', 'SELECT INTO creates a table.', String(into.expr)), ...functions];
      return functions.length > 0 ? functions : [f('safe', 'sql.select', 'Reads rows.')];
    }
    case 'update':
    case 'delete': {
      const verb = type.toUpperCase();
      const where = ast.where as Ast | null | undefined;
      if (!where)
        return [
          f(
            'dangerous',
            `sql.${type}-without-where`,
            `${verb} without WHERE touches every row of ${table ?? 'the table'}.`,
            table,
          ),
          ...functions,
        ];
      if (isTautology(where))
        return [
          f('dangerous', `sql.${type}-tautology`, `${verb} with an always-true WHERE touches every row.`, table),
          ...functions,
        ];
      return [
        f('caution', `sql.${type}`, `${verb} of the rows matching WHERE in ${table ?? 'a table'}.`, table),
        ...functions,
      ];
    }
    case 'insert':
    case 'replace':
      return [f('caution', 'sql.insert', `Writes rows into ${table ?? 'a table'}.`, table), ...functions];
    default:
      return [
        f(
          'caution',
          `sql.${type || 'statement'}`,
          `${type.toUpperCase() || 'The statement'} changes the database.`,
          table,
        ),
        ...functions,
      ];
  }
}

function firstTable(ast: Ast): string | null {
  const tables = (ast.table ?? ast.from) as Array<{ table?: unknown; db?: unknown }> | undefined;
  const t = Array.isArray(tables) ? tables[0] : undefined;
  if (!t || typeof t.table !== 'string') return null;
  return typeof t.db === 'string' && t.db ? `${t.db}.${t.table}` : t.table;
}

function functionName(node: Ast): string | null {
  const name = node.name;
  if (typeof name === 'string') return name;
  if (name && typeof name === 'object') {
    const parts = (name as { name?: Array<{ value?: unknown }> }).name;
    if (Array.isArray(parts)) return parts.map((p) => String(p.value ?? '')).join('.');
  }
  return null;
}

/** Every function call in the statement, judged by its effect. Unknown functions are unknown. */
function functionFindings(ast: Ast): SqlFinding[] {
  const findings: SqlFinding[] = [];
  const seen = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) visit(n);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const obj = node as Ast;
    if ((obj.type === 'function' || obj.type === 'aggr_func') && obj !== ast) {
      const name = functionName(obj);
      if (name && !seen.has(name.toLowerCase())) {
        seen.add(name.toLowerCase());
        const effect = functionEffect(name);
        if (effect === 'side-effect')
          findings.push(f('caution', 'sql.side-effect-function', `Calls ${name}(), which changes server state.`, name));
        else if (effect === 'secret')
          findings.push(
            f('caution', 'secret.sql-file-read', `Calls ${name}(), which reads server files into the result.`, name),
          );
        else if (effect === 'dynamic')
          findings.push(f('unknown', 'sql.dynamic-sql', `Calls ${name}(), which runs SQL given as text.`, name));
        else if (effect === 'unknown')
          findings.push(
            f('unknown', 'sql.unknown-function', `Calls ${name}(), a function the scanner cannot vouch for.`, name),
          );
      }
    }
    if (obj !== ast && (obj.type === 'delete' || obj.type === 'update' || obj.type === 'insert')) {
      findings.push(f('caution', 'sql.nested-write', 'A nested statement writes data.'));
    }
    for (const value of Object.values(obj)) if (value && typeof value === 'object') visit(value);
  };
  visit(ast);
  return findings;
}

function isTautology(e: Ast): boolean {
  if (e.type === 'bool') return e.value === true;
  if (e.type === 'number') return Number(e.value) !== 0;
  if (e.type !== 'binary_expr') return false;
  const left = e.left as Ast;
  const right = e.right as Ast;
  if (e.operator === 'OR') return isTautology(left) || isTautology(right);
  if (e.operator === 'AND') return isTautology(left) && isTautology(right);
  const literal = (x: Ast): boolean => ['number', 'string', 'single_quote_string', 'bool'].includes(String(x?.type));
  return e.operator === '=' && literal(left) && literal(right) && String(left.value) === String(right.value);
}

/** When the parser gives up: keyword evidence, never below unknown. */
function lexicalFallback(first: string, statementUpper: string): SqlFinding[] {
  let upper = statementUpper;
  const findings: SqlFinding[] = [
    f('unknown', 'sql.unparsed', `The ${first} statement could not be parsed, so its effect cannot be proven.`),
  ];
  // Row-locking clauses and upsert actions are not UPDATE statements.
  upper = upper.replace(/\bFOR\s+(NO\s+KEY\s+)?(UPDATE|SHARE)\b|\bDO\s+UPDATE\b|\bON\s+UPDATE\b/g, ' ');
  if (/\b(DROP|TRUNCATE)\b/.test(upper)) findings.push(f('dangerous', 'sql.drop', 'Drops or truncates data.'));
  for (const verb of ['DELETE', 'UPDATE']) {
    const at = upper.search(new RegExp(`\\b${verb}\\b`));
    if (at >= 0) {
      const rest = upper.slice(at);
      findings.push(
        /\bWHERE\b/.test(rest)
          ? f('caution', `sql.${verb.toLowerCase()}`, `${verb} of matching rows.`)
          : f('dangerous', `sql.${verb.toLowerCase()}-without-where`, `${verb} without WHERE touches every row.`),
      );
    }
  }
  if (/\b(INSERT|ALTER|CREATE|GRANT|REVOKE|MERGE|COPY)\b/.test(upper))
    findings.push(f('caution', 'sql.write', 'Writes to the database.'));
  for (const m of upper.matchAll(/\b([A-Z_][A-Z0-9_.]*)\s*\(/g)) {
    const effect = functionEffect(m[1]!);
    if (effect === 'side-effect')
      findings.push(
        f('caution', 'sql.side-effect-function', `Calls ${m[1]!.toLowerCase()}(), which changes server state.`),
      );
  }
  return findings;
}

/** Statements between BEGIN and ROLLBACK that the database can undo are capped at caution. */
function capRolledBackTransactions(statements: string[], results: SqlFinding[][], dialect: SqlDialect): void {
  let begin = -1;
  for (let i = 0; i < statements.length; i++) {
    const w = words(statements[i]!);
    if (w[0] === 'BEGIN' || (w[0] === 'START' && w[1] === 'TRANSACTION')) begin = i;
    else if ((w[0] === 'COMMIT' || w[0] === 'END') && begin >= 0) begin = -1;
    else if ((w[0] === 'ROLLBACK' || w[0] === 'ABORT') && !w.includes('TO') && begin >= 0) {
      for (let j = begin + 1; j < i; j++) {
        if (!rollbackable(words(statements[j]!), dialect)) continue;
        results[j] = results[j]!.map((x) =>
          x.level === 'dangerous' && x.ruleId.startsWith('sql.') && x.ruleId !== 'sql.side-effect-function'
            ? {
                ...x,
                level: 'caution',
                ruleId: 'sql.rolled-back',
                message: `${x.message} It runs inside a transaction that is rolled back.`,
              }
            : x,
        );
      }
      begin = -1;
    }
  }
}

function rollbackable(w: readonly string[], dialect: SqlDialect): boolean {
  if (['DELETE', 'UPDATE', 'INSERT', 'SELECT', 'WITH'].includes(w[0] ?? '')) return true;
  // MySQL commits implicitly before DDL; PostgreSQL and SQLite run most DDL transactionally.
  if (dialect === 'mysql') return false;
  if (['DROP', 'CREATE'].includes(w[0] ?? '')) return w[1] !== 'DATABASE' && w[1] !== 'TABLESPACE';
  return w[0] === 'TRUNCATE' || (w[0] === 'ALTER' && w[1] !== 'SYSTEM');
}
