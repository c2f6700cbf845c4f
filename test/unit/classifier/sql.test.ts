import { describe, expect, it } from 'vitest';
import { maxLevel } from '../../../src/classifier/scanner/levels.js';
import { classifySql } from '../../../src/classifier/sql/classify-sql.js';
import { classifyMongoScript } from '../../../src/classifier/sql/mongo.js';
import type { SqlDialect } from '../../../src/classifier/sql/parser.js';
import { splitSql } from '../../../src/classifier/sql/split.js';

const level = (sql: string, dialect: SqlDialect = 'postgresql') =>
  maxLevel(...classifySql(sql, dialect).map((f) => f.level));
const rules = (sql: string, dialect: SqlDialect = 'postgresql') => classifySql(sql, dialect).map((f) => f.ruleId);

describe('splitSql', () => {
  it('splits on semicolons outside quotes, dollar quotes and comments', () => {
    const pieces = splitSql('SELECT \';\'; -- a ; comment\nDO $$ BEGIN PERFORM 1; END $$; SELECT "a;b" FROM t');
    expect(pieces.map((p) => p.text)).toEqual(["SELECT ';'", 'DO $$ BEGIN PERFORM 1; END $$', 'SELECT "a;b" FROM t']);
  });

  it('separates psql meta-commands from SQL', () => {
    const pieces = splitSql('\\x\nSELECT 1;\n\\dt\n', '\\');
    expect(pieces).toEqual([
      { kind: 'meta', text: '\\x' },
      { kind: 'sql', text: 'SELECT 1' },
      { kind: 'meta', text: '\\dt' },
    ]);
  });
});

describe('classifySql', () => {
  it.each([
    ['SELECT * FROM orders WHERE id = 1', 'safe', 'sql.select'],
    ["SELECT count(*) FROM orders WHERE created_at > now() - interval '1 hour'", 'safe', 'sql.select'],
    ['UPDATE users SET active = false', 'dangerous', 'sql.update-without-where'],
    ['UPDATE users SET active = false WHERE id = 42', 'caution', 'sql.update'],
    ['DELETE FROM sessions', 'dangerous', 'sql.delete-without-where'],
    ['DELETE FROM sessions WHERE 1 = 1', 'dangerous', 'sql.delete-tautology'],
    ['DELETE FROM sessions WHERE expires_at < now()', 'caution', 'sql.delete'],
    ['DROP TABLE audit_log', 'dangerous', 'sql.drop'],
    ['TRUNCATE TABLE events', 'dangerous', 'sql.truncate'],
    ['ALTER TABLE users DROP COLUMN legacy_id', 'dangerous', 'sql.alter-drop'],
    ['ALTER TABLE users ADD COLUMN x int', 'caution', 'sql.alter'],
    ['INSERT INTO t VALUES (1)', 'caution', 'sql.insert'],
    ['CREATE INDEX i ON t (a)', 'caution', 'sql.create'],
    ['GRANT SELECT ON t TO ro', 'caution', 'sql.grant'],
    [
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE state = 'idle'",
      'caution',
      'sql.side-effect-function',
    ],
    ['SELECT mystery_fn()', 'unknown', 'sql.unknown-function'],
    ['EXPLAIN DELETE FROM orders', 'safe', 'sql.explain'],
    ['EXPLAIN ANALYZE DELETE FROM orders', 'dangerous', 'sql.delete-without-where'],
    ['VACUUM FULL orders', 'caution', 'sql.vacuum-full'],
    ['SHOW max_connections', 'safe', 'sql.read'],
    ['COPY t TO STDOUT', 'safe', 'sql.copy-out'],
    ["COPY t FROM PROGRAM 'curl x'", 'unknown', 'sql.copy-program'],
    ['DO $$ BEGIN DELETE FROM t; END $$', 'unknown', 'sql.procedural'],
    ['SELEC 1', 'unknown', 'sql.unknown-statement'],
  ] as const)('%s → %s (%s)', (sql, expected, ruleId) => {
    expect(level(sql)).toBe(expected);
    expect(rules(sql)).toContain(ruleId);
  });

  it('classifies every statement and keeps the worst', () => {
    expect(level('SELECT 1; DELETE FROM jobs')).toBe('dangerous');
    expect(rules('SELECT 1; DELETE FROM jobs')).toEqual(['sql.select', 'sql.delete-without-where']);
  });

  it('caps statements of a rolled-back transaction at caution when they can be rolled back', () => {
    expect(level('BEGIN; DELETE FROM jobs; ROLLBACK;')).toBe('caution');
    expect(rules('BEGIN; DELETE FROM jobs; ROLLBACK;')).toContain('sql.rolled-back');
    expect(level('BEGIN; DELETE FROM jobs; COMMIT;')).toBe('dangerous');
    // MySQL commits before DDL, so a DROP inside BEGIN … ROLLBACK is not undone.
    expect(level('BEGIN; DROP TABLE t; ROLLBACK;', 'mysql')).toBe('dangerous');
    expect(level('BEGIN; DROP TABLE t; ROLLBACK;', 'postgresql')).toBe('caution');
  });

  it('never reads a row-locking SELECT it cannot parse as an UPDATE, and never as safe', () => {
    expect(level('SELECT * FROM t FOR UPDATE')).toBe('unknown');
  });

  it('reads a data-modifying CTE through the lexical fallback', () => {
    expect(level('WITH d AS (DELETE FROM t RETURNING *) SELECT count(*) FROM d')).toBe('dangerous');
  });

  it('uses MySQL statements the parser lacks', () => {
    expect(level('KILL 4821', 'mysql')).toBe('caution');
    expect(level('SHOW FULL PROCESSLIST', 'mysql')).toBe('safe');
    expect(level('SET GLOBAL max_connections = 10', 'mysql')).toBe('caution');
    expect(level('RESET MASTER', 'mysql')).toBe('dangerous');
  });

  it('names the table as target', () => {
    expect(classifySql('DELETE FROM public.sessions', 'postgresql')[0]!.target).toBe('public.sessions');
    expect(classifySql('DROP DATABASE app', 'mysql')[0]!.target).toBe('app');
  });
});

describe('classifyMongoScript', () => {
  it.each([
    ["db.orders.find({status: 'stuck'}).limit(5)", 'safe'],
    ['db.orders.deleteMany({})', 'dangerous'],
    ['db.orders.deleteMany({status: "x"})', 'caution'],
    ['db.dropDatabase()', 'dangerous'],
    ['db.orders.updateMany({}, {$set: {a: 1}})', 'dangerous'],
    ['db.adminCommand({fsync: 1})', 'unknown'],
    ['rs.remove("h:27017")', 'caution'],
    ['db.x.aggregate([{$out: "y"}])', 'caution'],
  ] as const)('%s → %s', (js, expected) => {
    expect(maxLevel(...classifyMongoScript(js).map((f) => f.level))).toBe(expected);
  });

  it('ignores calls inside strings', () => {
    expect(maxLevel(...classifyMongoScript("db.logs.find({msg: 'db.dropDatabase()'})").map((f) => f.level))).toBe(
      'safe',
    );
  });
});
