import type { Invocation } from '../scanner/invocation.js';
import { placeholdersAsIdentifiers, showIdentifiers } from '../scanner/placeholders.js';
import type { Finding } from '../scanner/scope.js';
import type { Word } from '../scanner/word.js';
import { classifyWrite } from '../scanner/write-target.js';
import { classifySql, type SqlFinding } from '../sql/classify-sql.js';
import { type ClientCommandVerdict, classifyPsqlMeta, classifySqliteDot } from '../sql/client-commands.js';
import { classifyMongoScript } from '../sql/mongo.js';
import type { SqlDialect } from '../sql/parser.js';
import { splitSql } from '../sql/split.js';
import { argParser } from './args.js';
import { asksForHelp, helpFinding } from './common.js';
import { caution, dangerous, finding, type Rule, type RuleContext, type RuleTable, safe, unknown } from './rule.js';

export type Client = 'psql' | 'mysql' | 'sqlite' | 'clickhouse';

const DIALECT: Record<Client, SqlDialect> = {
  psql: 'postgresql',
  mysql: 'mysql',
  sqlite: 'sqlite',
  clickhouse: 'mysql',
};
const META_PREFIX: Record<Client, '\\' | '.' | null> = { psql: '\\', mysql: null, sqlite: '.', clickhouse: null };

/** The mysql client's shell escapes: `system cmd` and `\! cmd` run cmd on this host. */
const MYSQL_SHELL = /^\s*(?:system|\\!)\s+([\s\S]*)$/i;

function toFindings(inv: Invocation, found: readonly SqlFinding[], fallbackTarget: string | null): Finding[] {
  return found.map((x) => finding(inv, x.level, x.ruleId, x.message, { target: x.target ?? fallbackTarget }));
}

function clientCommand(inv: Invocation, ctx: RuleContext, v: ClientCommandVerdict): Finding[] {
  const out = [finding(inv, v.level, v.ruleId, v.message)];
  if (v.shell) out.push(...ctx.scanScript({ text: v.shell, offsetBase: null, fallbackSpan: inv.span }));
  if (v.writes) {
    const w = classifyWrite(v.writes, 'overwrite', inv.name);
    if (w && w.level === 'dangerous') out.push(finding(inv, w.level, w.ruleId, w.message, { target: v.writes }));
  }
  return out;
}

/** SQL text with client commands mixed in, as a script or `-c` value holds it. */
function scriptFindings(
  inv: Invocation,
  ctx: RuleContext,
  text: string,
  client: Client,
  target: string | null,
): Finding[] {
  const prefix = META_PREFIX[client];
  const pieces = splitSql(client === 'mysql' ? text.replace(/\\[Gg]/g, ';') : text, prefix);
  const findings: Finding[] = [];
  const shell = client === 'mysql' ? pieces.filter((p) => p.kind === 'sql' && MYSQL_SHELL.test(p.text)) : [];
  for (const piece of shell) {
    const command = MYSQL_SHELL.exec(piece.text)![1]!;
    findings.push(
      finding(inv, 'caution', 'mysql.shell-escape', 'Runs a shell command from the mysql client.'),
      ...ctx.scanScript({ text: command, offsetBase: null, fallbackSpan: inv.span }),
    );
  }
  const sql = pieces.filter((p) => p.kind === 'sql' && !shell.includes(p)).map((p) => p.text);
  if (sql.length > 0) findings.push(...toFindings(inv, classifySql(sql.join(';\n'), DIALECT[client]), target));
  for (const meta of pieces.filter((p) => p.kind === 'meta')) {
    findings.push(
      ...clientCommand(inv, ctx, client === 'psql' ? classifyPsqlMeta(meta.text) : classifySqliteDot(meta.text)),
    );
  }
  return findings.length > 0 ? findings : safe(inv, 'sql.empty', 'No statements to run.');
}

/** SQL arriving on stdin: a heredoc or echo is classified; a file or another program's output is unseen. */
export function stdinFindings(inv: Invocation, ctx: RuleContext, client: Client, target: string | null): Finding[] {
  const stdin = inv.stdin;
  switch (stdin.kind) {
    case 'text': {
      const findings = scriptFindings(inv, ctx, stdin.text, client, target);
      if (stdin.expands)
        findings.push(
          finding(
            inv,
            'unknown',
            'sql.shell-expansion',
            'The SQL contains shell expansions, so the statement sent is only known at run time.',
          ),
        );
      return findings;
    }
    case 'file':
      return stdin.path.value === '/dev/null'
        ? safe(inv, 'sql.empty', 'Reads no statements.')
        : unknown(inv, `${client}.script-file`, `Runs the SQL in ${stdin.path.raw}, whose content is unseen.`, {
            target: stdin.path.value,
          });
    case 'command':
      return unknown(inv, `${client}.piped-sql`, 'Runs SQL produced by another program; it is unseen.', { target });
    case 'terminal':
      return caution(
        inv,
        'session.interactive',
        'Opens an interactive database console; what is typed next is not reviewed here.',
        { target },
      );
  }
}

function dynamicSql(inv: Invocation, client: string): Finding[] {
  return unknown(inv, `${client}.dynamic-sql`, 'The SQL is only known at run time.');
}

/**
 * SQL given in a word. With variables or runbook placeholders in it (`DROP DATABASE <db>`,
 * `… WHERE pid = $PID`), the statement around them is still classified, so destruction is
 * named; the values could change the statement, so it is never below unknown (decision 0023).
 */
export function sqlFromWord(
  inv: Invocation,
  ctx: RuleContext,
  word: Word,
  client: Client,
  database: string | null,
): Finding[] {
  if (word.value !== null) return scriptFindings(inv, ctx, word.value, client, database);
  if (word.template === undefined) return dynamicSql(inv, client);
  const stand = placeholdersAsIdentifiers(word.template);
  const names = [...new Set(stand.shown.values())].join(', ');
  return [
    finding(
      inv,
      'unknown',
      `${client}.sql-with-values`,
      `The SQL holds values filled in at run time (${names}); they could change the statement.`,
    ),
    ...scriptFindings(inv, ctx, stand.text, client, database).map((f) => ({
      ...f,
      message: showIdentifiers(f.message, stand.shown),
      target: f.target === null ? null : showIdentifiers(f.target, stand.shown),
    })),
  ];
}

function outputFiles(inv: Invocation, files: ReadonlyArray<{ value: string | null }>, family: string): Finding[] {
  return files.flatMap((o) => {
    const w = classifyWrite(o.value, 'overwrite', family);
    return w ? [finding(inv, w.level, w.ruleId, w.message, { target: o.value })] : [];
  });
}

const psqlArgs = argParser({
  valued: [
    '-c',
    '--command',
    '-f',
    '--file',
    '-h',
    '--host',
    '-p',
    '--port',
    '-U',
    '--username',
    '-d',
    '--dbname',
    '-v',
    '--set',
    '--variable',
    '-o',
    '--output',
    '-L',
    '--log-file',
    '-P',
    '--pset',
    '-F',
    '--field-separator',
    '-R',
    '--record-separator',
    '-T',
    '--table-attr',
  ],
});

/** psql (decision 0004): -c, heredocs and piped echo are classified statement by statement. */
const psql: Rule = (inv, ctx) => {
  if (asksForHelp(inv.args, ['-V'])) return helpFinding(inv, 'psql');
  const p = psqlArgs.parse(inv.args);
  const database = p.get('-d', '--dbname')?.value ?? p.positionals[0]?.value ?? null;
  const findings = outputFiles(inv, p.values('-o', '--output', '-L', '--log-file'), 'psql');
  const commands = p.values('-c', '--command');
  const files = p.values('-f', '--file');
  for (const c of commands) findings.push(...sqlFromWord(inv, ctx, c.word, 'psql', database));
  for (const file of files) {
    findings.push(
      ...(file.value === '-'
        ? stdinFindings(inv, ctx, 'psql', database)
        : unknown(inv, 'psql.script-file', `Runs the SQL in ${file.value ?? file.word.raw}, whose content is unseen.`, {
            target: file.value,
          })),
    );
  }
  if (commands.length === 0 && files.length === 0) {
    if (p.has('-l', '--list')) return [...findings, ...safe(inv, 'psql.list', 'Lists databases.')];
    findings.push(...stdinFindings(inv, ctx, 'psql', database));
  }
  return findings;
};

const mysqlArgs = argParser({
  valued: [
    '-e',
    '--execute',
    '-h',
    '--host',
    '-u',
    '--user',
    '-P',
    '--port',
    '-D',
    '--database',
    '-S',
    '--socket',
    '--defaults-file',
    '--defaults-extra-file',
    '--login-path',
    '--default-character-set',
    '--init-command',
    '--tee',
    '--pager',
    '--ssl-ca',
    '--ssl-cert',
    '--ssl-key',
    '--protocol',
    '--connect-timeout',
  ],
});

const mysql: Rule = (inv, ctx) => {
  if (asksForHelp(inv.args, ['-V', '-?'])) return helpFinding(inv, 'mysql');
  const p = mysqlArgs.parse(inv.args);
  const database = p.get('-D', '--database')?.value ?? p.positionals[0]?.value ?? null;
  const findings = outputFiles(inv, p.values('--tee'), 'mysql');
  if (p.has('--pager'))
    findings.push(finding(inv, 'caution', 'env.code-injection', 'Pipes output through a pager program.'));
  const statements = [...p.values('--init-command'), ...p.values('-e', '--execute')];
  for (const s of statements) findings.push(...sqlFromWord(inv, ctx, s.word, 'mysql', database));
  if (p.values('-e', '--execute').length === 0) findings.push(...stdinFindings(inv, ctx, 'mysql', database));
  return findings;
};

const SQLITE_VALUED = [
  '-cmd',
  '-init',
  '-separator',
  '-newline',
  '-nullvalue',
  '-escape',
  '-vfs',
  '-lookaside',
  '-pagecache',
  '-mmap',
  '-maxsize',
  '-nonce',
];
const sqliteArgs = argParser({ valued: SQLITE_VALUED, singleDashLong: true });

const sqlite3: Rule = (inv, ctx) => {
  if (asksForHelp(inv.args, ['-version', '-help'])) return helpFinding(inv, 'sqlite');
  const p = sqliteArgs.parse(inv.args);
  const [db, ...sqlArgs] = [...p.positionals, ...p.rest];
  const database = db?.value ?? null;
  const findings: Finding[] = [];
  if (p.has('-init'))
    findings.push(finding(inv, 'unknown', 'sqlite.init-file', 'Runs an init file whose content is unseen.'));
  const scripts: Word[] = [...p.values('-cmd').map((c) => c.word), ...sqlArgs];
  for (const s of scripts) findings.push(...sqlFromWord(inv, ctx, s, 'sqlite', database));
  if (sqlArgs.length === 0) findings.push(...stdinFindings(inv, ctx, 'sqlite', database));
  return findings;
};

const mongoArgs = argParser({
  valued: [
    '--eval',
    '--file',
    '-f',
    '--host',
    '--port',
    '-u',
    '--username',
    '-p',
    '--password',
    '--authenticationDatabase',
    '--authenticationMechanism',
    '--tlsCAFile',
    '--tlsCertificateKeyFile',
    '--apiVersion',
    '--gssapiServiceName',
    '--sspiHostnamePrefix',
  ],
});

/** mongosh: --eval and stdin JavaScript are judged by the calls they make; script files are unseen. */
const mongosh: Rule = (inv) => {
  if (asksForHelp(inv.args)) return helpFinding(inv, 'mongosh');
  const p = mongoArgs.parse(inv.args);
  const target = p.positionals.find((w) => !(w.value ?? '').endsWith('.js'))?.value ?? null;
  const findings: Finding[] = [];
  const scripts = p.positionals.filter((w) => (w.value ?? '').endsWith('.js'));
  for (const file of [...p.values('--file', '-f').map((f) => f.word), ...scripts]) {
    findings.push(
      finding(inv, 'unknown', 'mongo.script-file', `Runs ${file.raw}, whose content is unseen.`, {
        target: file.value,
      }),
    );
  }
  for (const e of p.values('--eval')) {
    findings.push(
      ...(e.value === null ? dynamicSql(inv, 'mongo') : toFindings(inv, classifyMongoScript(e.value), target)),
    );
  }
  if (findings.length === 0) {
    if (inv.stdin.kind === 'text') {
      const found = toFindings(inv, classifyMongoScript(inv.stdin.text), target);
      if (inv.stdin.expands)
        found.push(
          finding(
            inv,
            'unknown',
            'sql.shell-expansion',
            'The script contains shell expansions, known only at run time.',
          ),
        );
      return found;
    }
    if (inv.stdin.kind === 'terminal')
      return caution(inv, 'session.interactive', 'Opens an interactive MongoDB shell.', { target });
    return unknown(inv, 'mongo.piped-script', 'Runs JavaScript produced by another program; it is unseen.', { target });
  }
  return findings;
};

/** Dumps read the whole database; the output holds all of its data. */
function dumper(family: string, outputOptions: string[]): Rule {
  const parser = argParser({
    valued: [
      ...outputOptions,
      '-h',
      '--host',
      '-p',
      '--port',
      '-U',
      '--username',
      '-u',
      '--user',
      '-d',
      '--dbname',
      '-n',
      '--schema',
      '-t',
      '--table',
      '-T',
      '--exclude-table',
      '-N',
      '--exclude-schema',
      '-F',
      '--format',
      '-j',
      '--jobs',
      '-Z',
      '--compress',
      '-E',
      '--encoding',
      '--where',
      '--result-file',
      '-r',
      '-w',
    ],
  });
  return (inv) => {
    if (asksForHelp(inv.args, ['-V'])) return helpFinding(inv, family);
    const p = parser.parse(inv.args);
    const findings = outputFiles(inv, p.values(...outputOptions), family);
    const target = p.get('-d', '--dbname')?.value ?? p.positionals[0]?.value ?? null;
    if (p.has('-s', '--schema-only', '--no-data'))
      return [...findings, ...safe(inv, `${family}.schema`, 'Dumps the schema only.', { target })];
    return [
      ...findings,
      finding(
        inv,
        'caution',
        'db.dump',
        'Dumps the database: heavy on the server, and the output holds all its data.',
        { target },
      ),
    ];
  };
}

const pgRestoreArgs = argParser({
  valued: [
    '-d',
    '--dbname',
    '-f',
    '--file',
    '-h',
    '--host',
    '-p',
    '--port',
    '-U',
    '--username',
    '-j',
    '--jobs',
    '-n',
    '--schema',
    '-t',
    '--table',
    '-F',
    '--format',
    '-L',
    '--use-list',
    '-I',
    '--index',
    '-P',
    '--function',
    '-T',
    '--trigger',
    '-S',
    '--superuser',
    '--role',
  ],
});

const pgRestore: Rule = (inv) => {
  const p = pgRestoreArgs.parse(inv.args);
  const target = p.get('-d', '--dbname')?.value ?? null;
  if (p.has('-l', '--list')) return safe(inv, 'pg_restore.list', 'Lists the archive contents.');
  if (!p.has('-d', '--dbname')) return safe(inv, 'pg_restore.to-stdout', 'Prints the archive as SQL.');
  if (p.has('-c', '--clean'))
    return dangerous(inv, 'pg_restore.clean', 'Drops existing objects before restoring them.', { target });
  return caution(inv, 'pg_restore.restore', 'Restores objects into a live database.', { target });
};

const pgCtlArgs = argParser({
  valued: ['-D', '--pgdata', '-m', '--mode', '-l', '--log', '-o', '--options', '-t', '--timeout', '-e', '-N', '-U'],
});

const pgCtl: Rule = (inv) => {
  const p = pgCtlArgs.parse(inv.args);
  const verbWord = p.positionals[0];
  const verb = verbWord ? verbWord.value : 'status';
  if (verb === 'status') return safe(inv, 'pg_ctl.status', 'Shows server status.');
  const mode = p.get('-m', '--mode')?.value ?? '';
  if ((verb === 'stop' || verb === 'restart') && /^i(mmediate)?$/.test(mode)) {
    return dangerous(inv, 'pg_ctl.stop-immediate', 'Stops PostgreSQL without a clean shutdown.');
  }
  if (verb === 'stop') return caution(inv, 'pg_ctl.stop', 'Stops PostgreSQL: every connection drops.');
  if (verb === 'promote') return caution(inv, 'pg_ctl.promote', 'Promotes a standby to primary.');
  if (verb === 'initdb' || verb === 'init') return caution(inv, 'pg_ctl.init', 'Creates a database cluster.');
  return caution(inv, `pg_ctl.${verb ?? 'change'}`, `pg_ctl ${verb ?? ''} changes the server’s state.`);
};

const mysqladminArgs = argParser({
  valued: [
    '-u',
    '--user',
    '-h',
    '--host',
    '-P',
    '--port',
    '-S',
    '--socket',
    '--defaults-file',
    '--defaults-extra-file',
    '-c',
    '--count',
    '-i',
    '--sleep',
    '-w',
    '--wait',
    '--protocol',
    '--ssl-ca',
    '--ssl-cert',
    '--ssl-key',
    '--character-sets-dir',
    '--default-character-set',
    '--connect-timeout',
    '--shutdown-timeout',
  ],
});

const mysqladmin: Rule = (inv) => {
  const verbs = mysqladminArgs.parse(inv.args).positionals.map((a) => a.value ?? '');
  if (verbs.some((v) => v === 'shutdown' || v === 'drop'))
    return dangerous(inv, 'mysqladmin.destructive', 'Shuts the server down or drops a database.');
  if (verbs.every((v) => /^(status|extended-status|processlist|variables|ping|version)$/.test(v)))
    return safe(inv, 'mysqladmin.read', 'Reads server status.');
  return caution(inv, 'mysqladmin.change', 'Changes server state (kill, flush, reload …).');
};

const mongoTools: RuleTable = {
  mongodump: (inv) =>
    caution(inv, 'db.dump', 'Dumps databases to local files: heavy, and the files hold all the data.'),
  mongoexport: (inv) => caution(inv, 'db.dump', 'Exports a collection: the output holds its data.'),
  mongorestore: (inv) =>
    inv.args.some((a) => a.value === '--drop')
      ? dangerous(inv, 'mongorestore.drop', 'Drops each collection before restoring it.')
      : caution(inv, 'mongorestore.restore', 'Restores documents into a live database.'),
  mongoimport: (inv) =>
    inv.args.some((a) => a.value === '--drop')
      ? dangerous(inv, 'mongoimport.drop', 'Drops the collection before importing.')
      : caution(inv, 'mongoimport.import', 'Imports documents.'),
  mongostat: (inv) => safe(inv, 'mongo.read', 'Shows server statistics.'),
  mongotop: (inv) => safe(inv, 'mongo.read', 'Shows collection activity.'),
};

export const databaseRules: RuleTable = {
  ...mongoTools,
  psql,
  mysql,
  mariadb: mysql,
  sqlite3,
  sqlite: sqlite3,
  mongosh,
  mongo: mongosh,
  pg_dump: dumper('pg_dump', ['-f', '--file']),
  pg_dumpall: dumper('pg_dumpall', ['-f', '--file']),
  mysqldump: dumper('mysqldump', ['--result-file', '-r']),
  'mariadb-dump': dumper('mariadb-dump', ['--result-file', '-r']),
  pg_restore: pgRestore,
  pg_isready: (inv) => safe(inv, 'pg_isready.check', 'Checks whether the server accepts connections.'),
  pg_lsclusters: (inv) => safe(inv, 'pg.read', 'Lists clusters.'),
  pg_ctl: pgCtl,
  pg_ctlcluster: (inv, ctx) => pgCtl({ ...inv, args: inv.args.slice(2) }, ctx),
  pg_basebackup: (inv) => caution(inv, 'pg_basebackup.copy', 'Copies the whole cluster to local files.'),
  mysqladmin,
  mysqlcheck: (inv) =>
    inv.args.some((a) => a.value !== null && /^(-r|-o|-a|--repair|--optimize|--analyze|--auto-repair)$/.test(a.value))
      ? caution(inv, 'mysqlcheck.repair', 'Repairs, optimises or analyses tables (locks them).')
      : safe(inv, 'mysqlcheck.check', 'Checks tables.'),
};
