import type { Invocation } from '../scanner/invocation.js';
import type { Finding } from '../scanner/scope.js';
import type { Word } from '../scanner/word.js';
import { argParser } from './args.js';
import { cloudVerbLevel } from './cloud-verbs.js';
import { asksForHelp, helpFinding, scanScriptWords } from './common.js';
import { caution, dangerous, finding, type Rule, type RuleContext, type RuleTable, safe, unknown } from './rule.js';
import { sqlInWord } from './sql-clis.js';

/** Words in the command path before the first option: groups, then the verb, then resources. */
function commandPath(args: readonly Word[]): Word[] {
  const path: Word[] = [];
  for (const a of args) {
    if (a.value?.startsWith('-')) break;
    path.push(a);
  }
  return path;
}

function optionValue(args: readonly Word[], ...names: string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.value ?? '';
    for (const n of names) {
      if (v === n) return args[i + 1]?.value ?? null;
      if (v.startsWith(`${n}=`)) return v.slice(n.length + 1);
    }
  }
  return null;
}

/**
 * Global options written before the command path (`gcloud --project=p compute instances
 * list`, `az --subscription s vm delete`) are skipped, so the path is read as usual
 * (decision 0027). `--flags-file` is not skipped: its flags are unseen.
 */
function withoutLeadingGlobals(args: readonly Word[], valued: ReadonlySet<string>, flags: ReadonlySet<string>): Word[] {
  let i = 0;
  while (i < args.length) {
    const v = args[i]!.value ?? '';
    const name = v.split('=')[0]!;
    if (flags.has(v)) i++;
    else if (valued.has(name)) i += v.includes('=') ? 1 : 2;
    else break;
  }
  return args.slice(i);
}
const GCLOUD_GLOBAL_VALUED = new Set([
  '--project',
  '--account',
  '--configuration',
  '--verbosity',
  '--impersonate-service-account',
  '--billing-project',
  '--format',
  '--trace-token',
  '--universe-domain',
]);
const GCLOUD_GLOBAL_FLAGS = new Set([
  '--quiet',
  '-q',
  '--log-http',
  '--user-output-enabled',
  '--no-user-output-enabled',
]);
const AZ_GLOBAL_VALUED = new Set(['--subscription', '--output', '-o', '--query']);
const AZ_GLOBAL_FLAGS = new Set(['--debug', '--verbose', '--only-show-errors']);

const spannerArgs = argParser({ valued: ['--sql', '--instance', '--database', '--project', '--query-mode'] });

/** `gcloud spanner databases execute-sql --sql='…'`: the statement decides (decision 0027). */
function spannerSql(inv: Invocation, ctx: RuleContext): Finding[] {
  const p = spannerArgs.parse(inv.args);
  const sql = p.get('--sql');
  if (!sql) return unknown(inv, 'gcloud.spanner-sql', 'No SQL given to execute-sql.');
  if (p.get('--query-mode')?.value === 'PLAN') return safe(inv, 'gcloud.spanner-plan', 'Shows the query plan only.');
  return sqlInWord(inv, ctx, sql.word);
}

/** gcloud group names that look like verbs. */
const GCLOUD_VERB_LIKE_GROUPS = new Set(['run', 'deploy', 'batch', 'transfer', 'backup-dr', 'recommender']);

const GCLOUD_SECRET = [
  /secrets versions access/,
  /auth (application-default )?print-(access|identity)-token/,
  /kms decrypt/,
  /sql (ssl )?client-certs create/,
  /iam service-accounts keys create/,
];

/**
 * gcloud: the first verb-like word of the command path decides (list/describe read,
 * delete dangerous, others caution); secret reads and kubeconfig writes have their own ids.
 */
const gcloud: Rule = (inv, ctx) => {
  if (
    asksForHelp(inv.args, ['-h']) ||
    (inv.args[0]?.value === 'help' && inv.args.every((a) => a.value !== null && !a.value.startsWith('-')))
  )
    return helpFinding(inv, 'gcloud');
  const path = commandPath(withoutLeadingGlobals(inv.args, GCLOUD_GLOBAL_VALUED, GCLOUD_GLOBAL_FLAGS));
  const words = path.map((w) => w.value ?? '');
  const joined = words.join(' ');
  const resource = (i: number): string | null => words[i + 1] ?? optionValue(inv.args, '--name') ?? null;
  if (joined.startsWith('spanner databases execute-sql')) return spannerSql(inv, ctx);
  if (GCLOUD_SECRET.some((re) => re.test(joined)))
    return caution(inv, 'secret.cloud', `gcloud ${joined} returns secret material into the channel.`);
  if (/get-credentials/.test(joined))
    return caution(inv, 'gcloud.kubeconfig', 'Rewrites the local kubeconfig.', {
      target: words[words.indexOf('get-credentials') + 1] ?? null,
    });
  if (words[0] === 'storage') return gcloudStorage(inv, words.slice(1), inv.args);
  if (words[0] === 'config') {
    return words[1] === 'list' ||
      words[1] === 'get-value' ||
      words[1] === 'get' ||
      (words[1] === 'configurations' && words[2] === 'list')
      ? safe(inv, 'gcloud.config-read', 'Reads local configuration.')
      : caution(inv, 'gcloud.config-write', 'Changes local configuration (project, account) for later commands.');
  }
  if (words.includes('ssh')) {
    const command = optionValue(inv.args, '--command');
    const target = words[words.indexOf('ssh') + 1] ?? null;
    if (command === null)
      return caution(inv, 'session.interactive', 'Opens an interactive shell on an instance.', { target });
    const word = inv.args.find((a) => a.value === command || a.value === `--command=${command}`)!;
    return scanScriptWords(
      inv,
      ctx,
      [{ ...word, value: command, valueOffset: word.value === command ? word.valueOffset : null }],
      'gcloud',
    );
  }
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (i === 0 && GCLOUD_VERB_LIKE_GROUPS.has(w)) continue;
    const verb = cloudVerbLevel(w);
    if (!verb) continue;
    const target = verb.level === 'safe' ? null : resource(i);
    return [
      finding(
        inv,
        verb.level,
        `gcloud.${verb.level === 'safe' ? 'read' : verb.level === 'dangerous' ? 'delete' : 'change'}`,
        `gcloud ${words.slice(0, i + 1).join(' ')} ${verb.summary}.`,
        { target },
      ),
    ];
  }
  return path.some((w) => w.value === null)
    ? unknown(inv, 'gcloud.dynamic', 'Part of the command is only known at run time.')
    : unknown(inv, 'gcloud.unknown-command', `gcloud ${joined} is not a command the scanner recognises.`);
};

function gcloudStorage(inv: Invocation, words: string[], args: readonly Word[]): Finding[] {
  const recursive = args.some((a) => a.value === '-r' || a.value === '--recursive' || a.value === '-R');
  const target = words[1] ?? null;
  switch (words[0]) {
    case 'ls':
    case 'cat':
    case 'du':
    case 'hash':
    case 'objects':
    case 'buckets':
      return words[0] === 'objects' || words[0] === 'buckets'
        ? cloudVerbLevel(words[1] ?? '')?.level === 'safe'
          ? safe(inv, 'gcloud.storage-read', 'Reads storage.')
          : caution(inv, 'gcloud.storage-change', 'Changes storage objects or buckets.')
        : safe(inv, 'gcloud.storage-read', 'Reads storage.');
    case 'rm':
      return recursive || (target ?? '').includes('*')
        ? dangerous(inv, 'gcloud.storage-rm-recursive', 'Deletes every matching object.', { target })
        : caution(inv, 'gcloud.storage-rm', 'Deletes an object.', { target });
    case 'rsync':
      return args.some((a) => a.value === '--delete-unmatched-destination-objects')
        ? dangerous(inv, 'gcloud.storage-rsync-delete', 'Deletes destination objects not in the source.', {
            target: words[2] ?? null,
          })
        : caution(inv, 'gcloud.storage-rsync', 'Copies and overwrites objects.', { target: words[2] ?? null });
    default:
      return caution(inv, 'gcloud.storage-change', `gcloud storage ${words[0] ?? ''} changes objects.`, {
        target: words[words.length - 1] ?? null,
      });
  }
}

const gsutilArgs = argParser({ valued: ['-o', '-h', '-u', '-p'], stopAtPositional: true });

const gsutil: Rule = (inv) => {
  const p = gsutilArgs.parse(inv.args);
  const [verbWord, ...rest] = p.rest;
  const verb = verbWord?.value ?? '';
  const operands = rest.filter((w) => !(w.value ?? '').startsWith('-')).map((w) => w.value ?? w.raw);
  const flags = rest.map((w) => w.value ?? '');
  const target = operands[operands.length - 1] ?? null;
  if (/^(ls|cat|du|stat|hash|version|help|ver)$/.test(verb))
    return safe(inv, 'gsutil.read', `gsutil ${verb} only reads.`);
  if (verb === 'rb') return dangerous(inv, 'gsutil.rb', 'Deletes the bucket.', { target });
  if (verb === 'rm') {
    return flags.some((f) => /^-[a-zA-Z]*[rRa]/.test(f)) || operands.some((o) => o.includes('*'))
      ? dangerous(inv, 'gsutil.rm-recursive', 'Deletes every matching object.', { target })
      : caution(inv, 'gsutil.rm', 'Deletes an object.', { target });
  }
  if (verb === 'rsync' && flags.some((f) => /^-[a-zA-Z]*d/.test(f)))
    return dangerous(inv, 'gsutil.rsync-delete', 'Deletes destination objects not in the source.', { target });
  if (/^(acl|iam|defacl|lifecycle|versioning|retention|label|cors|logging|web|notification)$/.test(verb)) {
    return rest[0]?.value === 'get' || rest[0]?.value === 'ls'
      ? safe(inv, 'gsutil.read', 'Reads bucket settings.')
      : caution(inv, 'gsutil.config', 'Changes bucket settings.', { target });
  }
  if (/^(cp|mv|rsync|mb|compose|setmeta|rewrite)$/.test(verb))
    return caution(inv, `gsutil.${verb}`, `gsutil ${verb} changes objects.`, { target });
  if (verb === 'signurl')
    return caution(inv, 'secret.presigned-url', 'Prints a URL that grants access to whoever has it.', { target });
  return unknown(inv, 'gsutil.unknown-command', `gsutil ${verb} is not a command the scanner knows.`);
};

const AZ_SECRET = [
  /keyvault (secret|key|certificate) (show|download|backup)/,
  /account get-access-token/,
  /storage account keys list/,
  /acr credential show/,
  /(cosmosdb|redis|servicebus|eventhubs|signalr|search)( \w+)* (keys |list-keys|list-connection-strings)/,
  /ad sp credential reset/,
  /ad app credential reset/,
  /webapp deployment list-publishing-profiles/,
  /sql db show-connection-string/,
  // App settings and connection strings hold credentials in plain text (decision 0027).
  /(webapp|functionapp|logicapp) config (appsettings|connection-string) list/,
  /functionapp (function )?keys list/,
  /storage account show-connection-string/,
  /containerapp secret show/,
];

/**
 * az: the last word of the command path is the verb (az takes resources as --options);
 * secret reads and kubeconfig writes have their own ids; run-command payloads are scanned.
 */
const az: Rule = (inv, ctx) => {
  if (asksForHelp(inv.args, ['-h'])) return helpFinding(inv, 'az');
  const path = commandPath(withoutLeadingGlobals(inv.args, AZ_GLOBAL_VALUED, AZ_GLOBAL_FLAGS)).map(
    (w) => w.value ?? '',
  );
  const joined = path.join(' ');
  const verb = path[path.length - 1] ?? '';
  const target = optionValue(inv.args, '--name', '-n', '--ids', '--resource-group', '-g');
  if (AZ_SECRET.some((re) => re.test(joined)))
    return caution(inv, 'secret.cloud', `az ${joined} returns secret material into the channel.`, { target });
  if (/aks get-credentials/.test(joined))
    return caution(inv, 'az.kubeconfig', 'Rewrites the local kubeconfig.', { target });
  if (/run-command invoke/.test(joined)) {
    const scripts = optionValue(inv.args, '--scripts');
    const word = inv.args.find((a) => a.value === scripts);
    return [
      finding(inv, 'caution', 'az.run-command', 'Runs a command on a VM.', { target }),
      ...(word ? scanScriptWords(inv, ctx, [word], 'az') : []),
    ];
  }
  if (verb === 'login' || verb === 'logout') return caution(inv, 'az.login', 'Changes local credentials.');
  if (path[0] === 'account' && verb === 'set')
    return caution(inv, 'az.account-set', 'Switches the subscription for later commands.');
  if (/^deployment /.test(joined) && /^complete$/i.test(optionValue(inv.args, '--mode') ?? '')) {
    return dangerous(
      inv,
      'az.deployment-complete',
      'Complete mode deletes every resource in scope that the template does not name.',
      {
        target,
      },
    );
  }
  const level = cloudVerbLevel(verb);
  if (!level) return unknown(inv, 'az.unknown-command', `az ${joined} is not a command the scanner recognises.`);
  return [
    finding(
      inv,
      level.level,
      `az.${level.level === 'safe' ? 'read' : level.level === 'dangerous' ? 'delete' : 'change'}`,
      `az ${joined} ${level.summary}.`,
      { target: level.level === 'safe' ? null : target },
    ),
  ];
};

export const gcloudAzRules: RuleTable = { gcloud, gsutil, az };
