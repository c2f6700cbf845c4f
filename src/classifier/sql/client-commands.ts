import type { RiskLevel } from '../types.js';

export interface ClientCommandVerdict {
  level: RiskLevel;
  ruleId: string;
  message: string;
  /** A shell command the client will run (`\! cmd`, `.shell cmd`), to be scanned. */
  shell?: string;
  /** A file the client writes. */
  writes?: string;
}

const PSQL_READ =
  /^\\(d[a-zA-Z]*\+?S?\+?|l\+?|list|x|timing|conninfo|q|quit|\?|h|help|encoding|pset|a|t|H|f|C|T|echo|qecho|warn|set|unset|c|connect|z|sf\+?|sv\+?|errverbose|watch|gx?|gdesc|prompt|if|elif|else|endif|bind|getenv|setenv|cd|crosstabview|lo_list|drds|dconfig|sync|startpipeline|endpipeline|flushrequest|getresults|restrict|unrestrict)$/;

/** A psql backslash command (`\dt`, `\copy …`, `\! ls`). */
export function classifyPsqlMeta(line: string): ClientCommandVerdict {
  const [command = '', ...args] = line.trim().split(/\s+/);
  const rest = line.trim().slice(command.length).trim();
  if (command === '\\!')
    return rest
      ? { level: 'safe', ruleId: 'psql.shell', message: 'Runs a shell command.', shell: rest }
      : { level: 'caution', ruleId: 'session.interactive', message: 'Opens a shell.' };
  if (command === '\\copy') {
    return /\bfrom\b/i.test(rest)
      ? { level: 'caution', ruleId: 'psql.copy-from', message: 'Loads rows from a local file into a table.' }
      : {
          level: 'caution',
          ruleId: 'psql.copy-to',
          message: 'Writes rows to a local file.',
          writes: /\bto\s+'?([^'\s]+)/i.exec(rest)?.[1] ?? '',
        };
  }
  if (/^\\(o|out|w|write|s)$/.test(command)) {
    return args.length === 0
      ? { level: 'safe', ruleId: 'psql.output-reset', message: 'Resets output to stdout.' }
      : {
          level: 'caution',
          ruleId: 'psql.write-file',
          message: `Writes query output to ${args[0]}.`,
          writes: args[0] ?? '',
        };
  }
  if (/^\\gx?$/.test(command) && args.length > 0)
    return {
      level: 'caution',
      ruleId: 'psql.write-file',
      message: `Writes query output to ${args[0]}.`,
      writes: args[0] ?? '',
    };
  if (/^\\(i|ir|include|include_relative)$/.test(command))
    return {
      level: 'unknown',
      ruleId: 'psql.include',
      message: `Runs the SQL in ${args[0] ?? 'a file'}, whose content is unseen.`,
    };
  if (/^\\(e|edit|ef|ev)$/.test(command))
    return { level: 'caution', ruleId: 'session.editor', message: 'Opens an editor on the query buffer.' };
  if (command === '\\gexec')
    return { level: 'unknown', ruleId: 'psql.gexec', message: 'Executes every value of the result as SQL.' };
  if (/^\\lo_(import|export|unlink)$/.test(command))
    return { level: 'caution', ruleId: 'psql.large-object', message: 'Changes large objects or local files.' };
  // `\setenv PAGER 'cmd'` (or EDITOR, SHELL …): psql runs cmd later, like a PAGER env prefix (0020).
  if (command === '\\setenv' && /^(PSQL_)?(PAGER|EDITOR|VISUAL|PSQL_WATCH_PAGER|SHELL)$/.test(args[0] ?? '')) {
    const value = rest
      .slice((args[0] ?? '').length)
      .trim()
      .replace(/^(["'])([\s\S]*)\1$/, '$2');
    return {
      level: 'caution',
      ruleId: 'env.code-injection',
      message: `Sets ${args[0]}, a program psql runs later.`,
      ...(value ? { shell: value } : {}),
    };
  }
  if (command === '\\password')
    return { level: 'caution', ruleId: 'psql.password', message: 'Changes a role password.' };
  if (PSQL_READ.test(command))
    return { level: 'safe', ruleId: 'psql.meta-read', message: `${command} only reads or changes display settings.` };
  return {
    level: 'unknown',
    ruleId: 'psql.unknown-meta',
    message: `${command} is not a psql command the scanner knows.`,
  };
}

const SQLITE_READ =
  /^\.(tables|table|schema|indexes|indices|headers|header|mode|dbinfo|databases|show|help|timer|width|nullvalue|separator|echo|explain|eqp|stats|print|quit|exit|fullschema|lint|changes|bail|timeout|prompt|dump|expert|vfsinfo|vfslist|vfsname|selftest|sha3sum|parameter|limit|binary)$/;

/** A sqlite3 dot-command (`.tables`, `.output f`, `.shell cmd`). */
export function classifySqliteDot(line: string): ClientCommandVerdict {
  const [command = '', ...args] = line.trim().split(/\s+/);
  const rest = line.trim().slice(command.length).trim();
  if (command === '.shell' || command === '.system')
    return { level: 'safe', ruleId: 'sqlite.shell', message: 'Runs a shell command.', shell: rest };
  if (/^\.(output|once|save|backup|clone|log)$/.test(command)) {
    return args.length === 0 || args[0] === 'stdout'
      ? { level: 'safe', ruleId: 'sqlite.output-reset', message: 'Resets output.' }
      : {
          level: 'caution',
          ruleId: 'sqlite.write-file',
          message: `Writes to ${args[args.length - 1]}.`,
          writes: args[args.length - 1] ?? '',
        };
  }
  if (command === '.restore')
    return { level: 'dangerous', ruleId: 'sqlite.restore', message: 'Replaces the database with a backup.' };
  if (command === '.import') return { level: 'caution', ruleId: 'sqlite.import', message: 'Loads rows into a table.' };
  if (/^\.(read|load|open|cd)$/.test(command))
    return {
      level: 'unknown',
      ruleId: 'sqlite.opaque',
      message: `${command} runs or opens something the scanner does not see.`,
    };
  if (SQLITE_READ.test(command))
    return { level: 'safe', ruleId: 'sqlite.dot-read', message: `${command} only reads or changes display settings.` };
  return {
    level: 'unknown',
    ruleId: 'sqlite.unknown-dot',
    message: `${command} is not a sqlite3 command the scanner knows.`,
  };
}
