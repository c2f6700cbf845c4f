import type { Invocation } from '../scanner/invocation.js';
import type { Finding } from '../scanner/scope.js';
import { classifyWrite } from '../scanner/write-target.js';
import { argParser, type ParsedArgs } from './args.js';
import { cloudVerbLevel } from './cloud-verbs.js';
import { asksForHelp, helpFinding, scanScriptWords } from './common.js';
import { caution, dangerous, finding, type Rule, type RuleContext, type RuleTable, safe, unknown } from './rule.js';
import { sqlInWord } from './sql-clis.js';

const GLOBAL_VALUED = [
  '--profile',
  '--region',
  '--output',
  '--endpoint-url',
  '--query',
  '--cli-read-timeout',
  '--cli-connect-timeout',
  '--ca-bundle',
  '--color',
  '--cli-binary-format',
  '--cli-input-json',
  '--cli-input-yaml',
  '--page-size',
  '--max-items',
  '--starting-token',
];
const awsArgs = argParser({
  valued: GLOBAL_VALUED,
  longValuedByDefault: true,
  flags: [
    '--dry-run',
    '--dryrun',
    '--recursive',
    '--force',
    '--with-decryption',
    '--debug',
    '--quiet',
    '--only-show-errors',
    '--follow',
    '--delete',
    '--exact-timestamps',
    '--size-only',
    '--skip-final-snapshot',
    '--force-new-deployment',
    '--human-readable',
    '--summarize',
    '--request-payer',
    '--no-progress',
    '--apply-immediately',
    '--all',
    '--yes',
    '--help',
  ],
});

/** Operations that return credentials or secret values. */
const SECRET_OPERATIONS = new Set([
  'secretsmanager get-secret-value',
  'secretsmanager batch-get-secret-value',
  'kms decrypt',
  'sts assume-role',
  'sts assume-role-with-web-identity',
  'sts assume-role-with-saml',
  'sts get-session-token',
  'sts get-federation-token',
  'ecr get-login-password',
  'ecr get-login',
  'ecr get-authorization-token',
  'ecr-public get-login-password',
  'rds generate-db-auth-token',
  // Function configuration includes its environment variables, often credentials (decision 0027).
  'lambda get-function-configuration',
  'lambda get-function',
  'eks get-token',
  'codeartifact get-authorization-token',
  'iam create-access-key',
  'lightsail get-instance-access-details',
  'ec2 get-password-data',
  'configure export-credentials',
  'sso get-role-credentials',
]);

/** Deletions that are routine cleanup rather than loss of a resource. */
const DELETE_IS_CAUTION = new Set([
  'delete-tags',
  'delete-message',
  'delete-message-batch',
  'delete-alarms',
  'delete-item',
  'delete-object',
  'delete-object-tagging',
  'delete-bucket-tagging',
  'delete-change-set',
]);

function targetOf(p: ParsedArgs): string | null {
  for (const [name, values] of p.options) {
    if (
      /-(ids?|names?|identifier|arn|url|bucket|key|cluster|service|function-name|stack-name|table-name|queue-url|group-name)$/.test(
        name,
      )
    ) {
      const v = values[values.length - 1];
      if (v?.value) return v.value;
    }
  }
  return null;
}

function s3(inv: Invocation, p: ParsedArgs, verb: string): Finding[] {
  const paths = p.positionals.slice(2).map((w) => w.value ?? w.raw);
  const target = paths.find((x) => x.startsWith('s3://')) ?? paths[0] ?? null;
  const recursive = p.has('--recursive');
  if (p.has('--dryrun')) return safe(inv, 'aws.s3-dry-run', 'Dry run: prints what would happen.', { target });
  switch (verb) {
    case 'ls':
      return safe(inv, 'aws.s3-ls', 'Lists objects.');
    case 'presign':
      return caution(inv, 'secret.presigned-url', 'Prints a URL that grants access to the object to whoever has it.', {
        target,
      });
    case 'rm':
      return recursive
        ? dangerous(inv, 'aws.s3-rm-recursive', 'Deletes every object under the prefix.', { target })
        : caution(inv, 'aws.s3-rm', 'Deletes one object (gone unless the bucket is versioned).', { target });
    case 'rb':
      return dangerous(inv, 'aws.s3-rb', 'Deletes the bucket.', { target });
    case 'mb':
      return caution(inv, 'aws.s3-mb', 'Creates a bucket.', { target });
    case 'sync':
      if (p.has('--delete'))
        return dangerous(inv, 'aws.s3-sync-delete', 'Deletes destination objects that are not in the source.', {
          target: paths[1] ?? target,
        });
      return caution(inv, 'aws.s3-sync', 'Copies and overwrites objects.', { target: paths[1] ?? target });
    case 'cp':
    case 'mv': {
      const [source, destination] = paths;
      if (destination === undefined) return unknown(inv, 'aws.s3-incomplete', 'No destination given.');
      if (verb === 'mv' && source?.startsWith('s3://') && recursive) {
        return dangerous(inv, 'aws.s3-mv-recursive', 'Moves every object under the prefix (the sources are deleted).', {
          target: source,
        });
      }
      if (destination.startsWith('s3://'))
        return caution(inv, `aws.s3-${verb}-upload`, 'Uploads or overwrites objects in S3.', { target: destination });
      if (destination === '-')
        return safe(inv, 'aws.s3-cat', 'Prints an object to stdout.', { target: source ?? null });
      const w = classifyWrite(destination, 'overwrite', 'aws');
      return [
        finding(
          inv,
          w?.level ?? 'caution',
          w?.ruleId ?? 'aws.s3-download',
          `Downloads to ${destination}, overwriting local files.`,
          { target: destination },
        ),
        ...(verb === 'mv'
          ? caution(inv, 'aws.s3-mv', 'Deletes the source objects after copying.', { target: source ?? null })
          : []),
      ];
    }
    default:
      return unknown(inv, 'aws.unknown-operation', `aws s3 ${verb} is not an operation the scanner knows.`);
  }
}

/**
 * aws (decision 0013): the operation's verb decides (describe/list/get read, delete and
 * terminate are dangerous, others change state); --dry-run is safe; operations that return
 * credentials are secret reads; s3 high-level commands have their own rules.
 */
const aws: Rule = (inv, ctx) => {
  if (asksForHelp(inv.args)) return helpFinding(inv, 'aws');
  const p = awsArgs.parse(inv.args);
  const [serviceWord, operationWord] = p.positionals;
  const service = serviceWord?.value;
  const operation = operationWord?.value;
  if (!service || !operation)
    return service === 'configure'
      ? caution(inv, 'aws.configure', 'Writes local AWS configuration.')
      : unknown(inv, 'aws.incomplete', 'No operation to classify.');
  const target = targetOf(p);
  if (service === 's3') return s3(inv, p, operation);
  if (
    SECRET_OPERATIONS.has(`${service} ${operation}`) ||
    (service === 'ssm' && /^get-parameters?(-by-path)?$/.test(operation) && p.has('--with-decryption')) ||
    // Instance user data is where bootstrap scripts keep passwords and tokens (decision 0027).
    (operation === 'describe-instance-attribute' && p.get('--attribute')?.value === 'userData')
  ) {
    return caution(inv, 'secret.cloud', `aws ${service} ${operation} returns secret material into the channel.`, {
      target,
    });
  }
  if (p.has('--dry-run')) return safe(inv, 'aws.dry-run', 'Dry run: only checks permissions.', { target });
  const sql = p.get('--sql');
  if (sql && (service === 'rds-data' || service === 'redshift-data') && operation === 'execute-statement')
    return sqlInWord(inv, ctx, sql.word);
  if (service === 'configure') {
    return operation === 'list' ||
      operation === 'list-profiles' ||
      (operation === 'get' && !/secret|token/i.test(p.positionals[2]?.value ?? ''))
      ? safe(inv, 'aws.configure-read', 'Reads local configuration.')
      : caution(inv, operation === 'get' ? 'secret.cloud' : 'aws.configure', 'Reads or writes local AWS credentials.');
  }
  if (service === 'eks' && operation === 'update-kubeconfig')
    return caution(inv, 'aws.kubeconfig', 'Rewrites the local kubeconfig.', { target });
  if (service === 'ssm' && operation === 'send-command')
    return [
      finding(inv, 'caution', 'aws.ssm-send-command', 'Runs a command on a fleet of instances.', { target }),
      ...ssmPayload(inv, p, ctx),
    ];
  if (service === 'ssm' && operation === 'start-session')
    return caution(inv, 'session.interactive', 'Opens an interactive session on an instance.', { target });
  if (service === 'logs' && operation === 'tail') return safe(inv, 'aws.logs-tail', 'Reads logs.');
  if (service === 'sqs' && operation === 'receive-message')
    return caution(
      inv,
      'aws.sqs-receive',
      'Receiving hides messages from other consumers for the visibility timeout.',
      { target },
    );
  if (operation.startsWith('delete-') && DELETE_IS_CAUTION.has(operation))
    return caution(inv, 'aws.delete-minor', `aws ${service} ${operation} removes one minor item.`, { target });
  // A few operations take an output file as their only positional (s3api get-object, lambda invoke).
  const outfile = p.positionals[2];
  const writes = outfile ? classifyWrite(outfile.value, 'overwrite', 'aws') : null;
  if (writes)
    return [
      finding(inv, writes.level, writes.ruleId, writes.message, { target: outfile?.value ?? null }),
      ...(writes.level === 'dangerous' ? [] : awsVerb(inv, service, operation, target)),
    ];
  return awsVerb(inv, service, operation, target);
};

function awsVerb(inv: Invocation, service: string, operation: string, target: string | null): Finding[] {
  const verb = cloudVerbLevel(operation);
  if (!verb)
    return unknown(
      inv,
      'aws.unknown-operation',
      `aws ${service} ${operation} is not an operation the scanner recognises.`,
    );
  return [
    finding(
      inv,
      verb.level,
      `aws.${verb.level === 'safe' ? 'read' : verb.level === 'dangerous' ? 'delete' : 'change'}`,
      `aws ${service} ${operation} ${verb.summary}.`,
      { target: verb.level === 'safe' ? null : target },
    ),
  ];
}

/** `--parameters commands='…'` holds shell commands; scan them when they are plain text. */
function ssmPayload(inv: Invocation, p: ParsedArgs, ctx: RuleContext): Finding[] {
  const params = p.get('--parameters');
  const text = params?.value;
  if (!params || !text) return [];
  const match = /^commands=(?:\[(.*)\]|(.*))$/s.exec(text);
  if (!match) return [];
  const body = (match[1] ?? match[2] ?? '').replace(/^["']|["']$/g, '');
  return scanScriptWords(inv, ctx, [{ ...params.word, value: body, valueOffset: null }], 'aws');
}

export const awsRules: RuleTable = { aws };
