import type { Invocation } from '../scanner/invocation.js';
import type { Finding } from '../scanner/scope.js';
import type { Word } from '../scanner/word.js';
import { argParser } from './args.js';
import { asksForHelp, helpFinding } from './common.js';
import { sqlFromWord, stdinFindings } from './databases.js';
import { caution, dangerous, type Rule, type RuleContext, type RuleTable, safe, unknown } from './rule.js';

/**
 * SQL clients beyond psql/mysql/sqlite, and the PostgreSQL programs named after what they do
 * (decision 0027). Their SQL goes through the same classifier as `psql -c`.
 */

const clickhouseArgs = argParser({
  valued: [
    '-q',
    '--query',
    '-h',
    '--host',
    '--port',
    '-u',
    '--user',
    '--password',
    '-d',
    '--database',
    '-f',
    '--format',
    '--queries-file',
    '--config-file',
    '-C',
    '--param',
    '--max_threads',
  ],
});

/** clickhouse-client (and `clickhouse client`): `--query` and stdin SQL are classified; query files are unseen. */
const clickhouseClient: Rule = (inv, ctx) => {
  if (asksForHelp(inv.args, ['-V'])) return helpFinding(inv, 'clickhouse');
  const p = clickhouseArgs.parse(inv.args);
  const database = p.get('-d', '--database')?.value ?? null;
  const queries = p.values('-q', '--query');
  const findings: Finding[] = queries.flatMap((q) => sqlFromWord(inv, ctx, q.word, 'clickhouse', database));
  for (const file of p.values('--queries-file')) {
    findings.push(
      ...unknown(
        inv,
        'clickhouse.script-file',
        `Runs the SQL in ${file.value ?? file.word.raw}, whose content is unseen.`,
      ),
    );
  }
  if (queries.length === 0 && !p.has('--queries-file'))
    findings.push(...stdinFindings(inv, ctx, 'clickhouse', database));
  return findings;
};

const clickhouse: Rule = (inv, ctx) =>
  inv.args[0]?.value === 'client'
    ? clickhouseClient({ ...inv, args: inv.args.slice(1) }, ctx)
    : unknown(inv, 'clickhouse.unknown-subcommand', `clickhouse ${inv.args[0]?.value ?? ''} is not known.`);

/** SQL handed to a cloud CLI as one word (`bq query '…'`, `--sql='…'`): the statement decides. */
export function sqlInWord(inv: Invocation, ctx: RuleContext, word: Word): Finding[] {
  return sqlFromWord(inv, ctx, word, 'mysql', null);
}

const bqArgs = argParser({
  valued: [
    '--project_id',
    '--dataset_id',
    '--location',
    '--format',
    '--max_rows',
    '-n',
    '--parameter',
    '--destination_table',
    '--job_id',
    '--api',
  ],
});

/** bq: listings read; `query` is judged by its SQL; rm destroys; other commands change data. */
const bq: Rule = (inv, ctx) => {
  if (asksForHelp(inv.args)) return helpFinding(inv, 'bq');
  const p = bqArgs.parse(inv.args);
  const [verbWord, ...operands] = p.positionals;
  const verb = verbWord?.value ?? null;
  if (verb === null) return unknown(inv, 'bq.dynamic', 'The bq command is only known at run time.');
  const target = operands[0]?.value ?? null;
  if (/^(ls|show|head|version|wait|info)$/.test(verb)) return safe(inv, 'bq.read', `bq ${verb} only reads.`);
  if (verb === 'rm') return dangerous(inv, 'bq.rm', 'Deletes a dataset, table or job and its data.', { target });
  if (verb === 'query') {
    const sql = operands[0];
    const writesTable = p.has('--destination_table', '--replace', '--append_table');
    const findings = sql ? sqlInWord(inv, ctx, sql) : stdinFindings(inv, ctx, 'mysql', null);
    return writesTable
      ? [...findings, ...caution(inv, 'bq.query-destination', 'Writes the result into a table.')]
      : findings;
  }
  if (/^(cp|load|mk|update|insert|cancel|extract|truncate|undelete)$/.test(verb)) {
    const replaces = verb !== 'extract' && (p.has('-f', '--force', '--replace') || verb === 'truncate');
    return replaces
      ? dangerous(inv, `bq.${verb}-replace`, `bq ${verb} replaces existing data.`, { target })
      : caution(inv, `bq.${verb}`, `bq ${verb} changes datasets or tables.`, { target });
  }
  return unknown(inv, 'bq.unknown-command', `bq ${verb} is not a command the scanner knows.`);
};

/** PostgreSQL's programs named after what they do. */
const dropper =
  (what: string): Rule =>
  (inv) =>
    dangerous(inv, `pg.drop-${what}`, `Drops the ${what}: everything in it is gone.`, {
      target: inv.args.filter((a) => a.value === null || !a.value.startsWith('-')).pop()?.value ?? null,
    });

const POSTGRES_PROGRAMS: RuleTable = {
  dropdb: dropper('database'),
  dropuser: dropper('role'),
  createdb: (inv) => caution(inv, 'pg.createdb', 'Creates a database.'),
  createuser: (inv) => caution(inv, 'pg.createuser', 'Creates a role.'),
  vacuumdb: (inv) => caution(inv, 'sql.maintenance', 'Vacuums databases: extra I/O and locks.'),
  reindexdb: (inv) => caution(inv, 'sql.maintenance', 'Rebuilds indexes: extra I/O and locks.'),
  clusterdb: (inv) => caution(inv, 'sql.maintenance', 'Rewrites tables in index order under an exclusive lock.'),
  pg_controldata: (inv) => safe(inv, 'pg.read', 'Prints control file information.'),
  pg_resetwal: (inv) =>
    dangerous(inv, 'pg.resetwal', 'Resets the write-ahead log: committed data can be lost and the cluster corrupted.'),
  pg_resetxlog: (inv) =>
    dangerous(inv, 'pg.resetwal', 'Resets the write-ahead log: committed data can be lost and the cluster corrupted.'),
  pg_archivecleanup: (inv) =>
    inv.args.some((a) => a.value === '-n')
      ? safe(inv, 'pg.archivecleanup-dry-run', 'Dry run: lists the WAL files it would remove.')
      : dangerous(inv, 'pg.archivecleanup', 'Deletes archived WAL files: point-in-time recovery before them is lost.'),
  pg_rewind: (inv) =>
    inv.args.some((a) => a.value === '-n' || a.value === '--dry-run')
      ? safe(inv, 'pg.rewind-dry-run', 'Dry run: nothing is changed.')
      : dangerous(inv, 'pg.rewind', 'Overwrites the target data directory with the source’s.'),
};

export const sqlCliRules: RuleTable = {
  'clickhouse-client': clickhouseClient,
  clickhouse,
  bq,
  ...POSTGRES_PROGRAMS,
};
