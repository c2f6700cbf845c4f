import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/lib/errors.js';
import { compileRunbook } from '../../../src/runbooks/index.js';
import type { CompiledRunbook } from '../../../src/runbooks/types.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/runbooks');
const read = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');
const commands = (r: CompiledRunbook) => r.steps.flatMap((s) => (s.command ? [s.command] : []));
const md = (...lines: string[]) => lines.join('\n');

describe('tricky Markdown (test/fixtures/runbooks/markdown/tricky.md)', () => {
  const runbook = compileRunbook(read('markdown/tricky.md'), { fileName: 'tricky.md' });
  const byTitle = (title: string) => runbook.steps.find((s) => s.title === title)!;

  it('validates the front matter and keeps unknown keys aside', () => {
    expect(runbook.metadata).toEqual({
      title: 'Checkout API returns 5xx',
      services: ['checkout'],
      alerts: ['CheckoutHigh5xxRate'],
      keywords: ['checkout', '5xx', 'errors'],
      trust_level: 1,
      owners: ['@payments-team'],
      approvers: ['U024BE7LH', '@payments-oncall'],
      allow_shell_metacharacters: ['LOG_FILTER'],
      timeout_seconds: 120,
      variables: {
        NAMESPACE: {
          description: 'Kubernetes namespace of the checkout deployment',
          pattern: '^[a-z0-9-]+$',
          default: 'checkout',
          from: null,
        },
      },
      extra: { weight: 20 },
    });
    expect(runbook.summary).toBe('The checkout API answers more than 2% of requests with a 5xx status.');
  });

  it('strips the prompt and drops the output table after it', () => {
    expect(byTitle('List the checkout pods and their restarts').command).toBe(
      'kubectl -n $NAMESPACE get pods -l app=checkout',
    );
  });

  it('keeps a command with `\\` continuations whole', () => {
    expect(byTitle('Read the last errors of one pod').command).toBe(
      'kubectl -n $NAMESPACE logs <pod-name> --since=15m \\\n  | grep -E "$LOG_FILTER" \\\n  | tail -n 50',
    );
  });

  it('puts PromQL and SQL in the step text with their language, never in command', () => {
    const promql = byTitle('Check the error rate in Prometheus');
    const sql = byTitle('Check the connection pool in the database console');
    expect([promql.command, promql.language, promql.isShell]).toEqual([null, 'promql', false]);
    expect([sql.command, sql.language, sql.isShell]).toEqual([null, 'sql', false]);
    expect(sql.text).toContain('SELECT state, count(*) FROM pg_stat_activity');
  });

  it('keeps a nested list in its parent step and asks what "Check the logs." means', () => {
    expect(byTitle('Check the pod spec for').text).toContain('- memory limits');
    const logs = byTitle('Check the logs');
    expect(runbook.ambiguities.filter((a) => a.stepId === logs.id).map((a) => a.question)).toEqual([
      'Which logs (which pod, container, file or query), and with what command?',
    ]);
    expect(runbook.ambiguities.some((a) => a.stepId === byTitle('Check the pod spec for').id)).toBe(false);
  });

  it('reads "if … go to step 8" and "If … roll it back" / "Otherwise, …" as branches', () => {
    const restart = byTitle('Restart the failing pod');
    const undo = byTitle('If the errors started with the last deploy, roll it back');
    const page = byTitle('Otherwise, page the payments database on-call in #payments-oncall');
    expect(runbook.branches).toEqual([
      expect.objectContaining({
        kind: 'condition',
        question: 'the 5xx come from one pod only?',
        fromStepId: 's5',
        options: [
          { label: 'Yes', stepIds: [], jumpToStepId: restart.id },
          { label: 'No (go on)', stepIds: [], jumpToStepId: null },
        ],
        condition: 'the 5xx come from one pod only',
        thenStepIds: [restart.id],
        elseStepIds: [],
      }),
      expect.objectContaining({
        kind: 'condition',
        fromStepId: 's9',
        options: [
          { label: 'Yes', stepIds: [undo.id], jumpToStepId: null },
          { label: 'No', stepIds: [page.id], jumpToStepId: null },
        ],
        joinStepId: 's12',
        condition: 'the errors started with the last deploy',
        thenStepIds: [undo.id],
        elseStepIds: [page.id],
      }),
    ]);
    // Only the option picked runs: the rollback and the page are never both done.
    expect([undo.branch, page.branch]).toEqual([
      { branchId: 'b2', option: 0 },
      { branchId: 'b2', option: 1 },
    ]);
  });

  it('attaches a "Rollback:" line to the step it undoes, not as a step of its own', () => {
    const scale = byTitle('Scale the deployment out while you investigate');
    expect(scale.command).toBe('kubectl -n $NAMESPACE scale deployment/checkout --replicas=6');
    expect(scale.rollback).toBe('kubectl -n $NAMESPACE scale deployment/checkout --replicas=3');
    expect(commands(runbook)).not.toContain('kubectl -n $NAMESPACE scale deployment/checkout --replicas=3');
  });

  it('keeps a block that changes directory as one script', () => {
    expect(byTitle('Export the current config before changing it').command).toBe(
      'cd /tmp\nkubectl -n $NAMESPACE get configmap checkout -o yaml > checkout-config.yaml',
    );
  });

  it('reads prerequisites and their kinds', () => {
    expect(runbook.prerequisites).toEqual([
      { text: 'Be on the corporate VPN', kind: 'network', command: null, implied: false, stepIds: [] },
      {
        text: 'The `prod-eu` AWS profile: `aws sso login --profile prod-eu`',
        kind: 'credentials',
        command: 'aws sso login --profile prod-eu',
        implied: false,
        stepIds: [],
      },
      { text: 'kubectl context set to `prod-eu-1`', kind: 'access', command: null, implied: false, stepIds: [] },
      { text: 'psql installed locally', kind: 'tool', command: null, implied: false, stepIds: [] },
    ]);
  });

  it('describes variables from front matter and the Variables section', () => {
    expect(runbook.variables).toEqual([
      {
        name: 'NAMESPACE',
        syntax: '$VAR',
        written: '$NAMESPACE',
        source: 'user',
        setInStepId: null,
        usedInSteps: ['s1', 's2', 's8', 's9', 's10', 's12'],
        description: 'Kubernetes namespace of the checkout deployment',
        default: 'checkout',
        pattern: '^[a-z0-9-]+$',
      },
      {
        name: 'POD_NAME',
        syntax: '<var>',
        written: '<pod-name>',
        source: 'user',
        setInStepId: null,
        usedInSteps: ['s2', 's8'],
        description: 'one checkout pod, from `kubectl get pods`',
        default: null,
        pattern: null,
      },
      {
        name: 'LOG_FILTER',
        syntax: '$VAR',
        written: '$LOG_FILTER',
        source: 'user',
        setInStepId: null,
        usedInSteps: ['s2'],
        description: 'a grep pattern for the failing route',
        default: null,
        pattern: null,
      },
    ]);
  });

  it('numbers steps across sections in document order', () => {
    expect(runbook.steps.map((s) => `${s.id}:${s.section}`)).toEqual([
      's1:Diagnosis',
      's2:Diagnosis',
      's3:Diagnosis',
      's4:Diagnosis',
      's5:Diagnosis',
      's6:Diagnosis',
      's7:Diagnosis',
      's8:Mitigation',
      's9:Mitigation',
      's10:Mitigation',
      's11:Mitigation',
      's12:Mitigation',
      's13:Verification',
      's14:Escalation',
    ]);
  });
});

describe('commands inside code blocks', () => {
  it('keeps a heredoc and a for loop as one command each', () => {
    const runbook = compileRunbook(
      md(
        '## Mitigation',
        '',
        'Write the override and restart every worker:',
        '',
        '```bash',
        'cat <<EOF > /etc/app/override.conf',
        'max_workers = 4',
        'EOF',
        'for p in $(kubectl -n $NAMESPACE get pods -o name); do kubectl -n $NAMESPACE delete $p; done',
        '```',
      ),
    );
    expect(commands(runbook)).toEqual([
      'cat <<EOF > /etc/app/override.conf\nmax_workers = 4\nEOF',
      'for p in $(kubectl -n $NAMESPACE get pods -o name); do kubectl -n $NAMESPACE delete $p; done',
    ]);
    // `$p` is the loop's own variable.
    expect(runbook.variables.map((v) => v.name)).toEqual(['NAMESPACE']);
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell `${VAR}` syntax, not a template
  it('ignores $1 in awk, special parameters and the shell environment, and reads ${VAR:-default}', () => {
    const runbook = compileRunbook(
      md(
        '## Diagnosis',
        '',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: shell `${VAR}` syntax, not a template
        "- Find the biggest log: `du -a $HOME/logs ${LOG_DIR:-/var/log/app} | sort -n | awk '{print $1, $2}' | tail -n 1`",
        '- Check the exit code: `systemctl status app; echo $? $$ $USER`',
      ),
    );
    expect(runbook.variables).toEqual([
      {
        name: 'LOG_DIR',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: shell `${VAR}` syntax, not a template
        syntax: '${VAR}',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: shell `${VAR}` syntax, not a template
        written: '${LOG_DIR}',
        source: 'user',
        setInStepId: null,
        usedInSteps: ['s1'],
        description: null,
        default: '/var/log/app',
        pattern: null,
      },
    ]);
  });

  it('reads {{var}} placeholders but not Go templates', () => {
    const runbook = compileRunbook(
      md(
        '1. Restart the service: `kubectl rollout restart deployment/{{service}}`',
        "2. List node names: `kubectl get nodes -o template --template='{{range .items}}{{.metadata.name}}{{end}}'`",
      ),
    );
    expect(runbook.variables.map((v) => [v.name, v.syntax, v.written])).toEqual([
      ['SERVICE', '{{var}}', '{{service}}'],
    ]);
    // The scanner and the engine read the placeholder as a shell variable.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell `${VAR}` syntax, not a template
    expect(runbook.steps[0]!.runCommand).toBe('kubectl rollout restart deployment/${SERVICE}');
  });

  it('treats psql sessions pasted into a shell block as SQL, not shell', () => {
    const runbook = compileRunbook(
      md(
        '## Diagnosis',
        '',
        'Count the connections:',
        '',
        '```console',
        'postgres=# SELECT count(*) FROM pg_stat_activity;',
        ' count',
        '-------',
        '   97',
        '```',
      ),
    );
    expect(runbook.steps[0]).toMatchObject({
      title: 'Count the connections',
      command: null,
      language: 'sql',
      isShell: false,
    });
  });

  it('detects the language of untagged blocks', () => {
    const runbook = compileRunbook(
      md(
        '## Steps',
        '',
        'Query the error ratio:',
        '',
        '```',
        'sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))',
        '```',
        '',
        'Apply this patch:',
        '',
        '```',
        'spec:',
        '  replicas: 3',
        '```',
        '',
        'Then check the rollout:',
        '',
        '    kubectl rollout status deployment/api',
      ),
    );
    expect(runbook.steps.map((s) => [s.language, s.isShell, s.command])).toEqual([
      ['promql', false, null],
      ['yaml', false, null],
      ['bash', true, 'kubectl rollout status deployment/api'],
    ]);
  });

  it('flags an interactive database session and a command with an elided part', () => {
    const runbook = compileRunbook(
      md(
        '## Diagnosis',
        '',
        '1. Open a console: `psql -h db.internal -U readonly app`',
        '2. Restart the workers: `systemctl restart app-worker@...`',
      ),
    );
    expect(runbook.ambiguities.map((a) => [a.stepId, a.question.split('.')[0]])).toEqual([
      ['s2', 'The command leaves something out with `'],
      ['s1', '`psql -h db'],
    ]);
  });

  it('takes the next code block after "Rollback:" as the rollback, and reads ```bash rollback blocks', () => {
    const runbook = compileRunbook(
      md(
        '## Mitigation',
        '',
        '1. Cordon the node:',
        '',
        '   ```bash',
        '   kubectl cordon $NODE',
        '   ```',
        '',
        '   Rollback:',
        '',
        '   ```bash',
        '   kubectl uncordon $NODE',
        '   ```',
        '',
        '2. Pause the consumer:',
        '',
        '   ```bash',
        '   kubectl scale deployment/consumer --replicas=0',
        '   ```',
        '',
        '   ```bash rollback',
        '   kubectl scale deployment/consumer --replicas=2',
        '   ```',
      ),
    );
    expect(runbook.steps.map((s) => [s.command, s.rollback])).toEqual([
      ['kubectl cordon $NODE', 'kubectl uncordon $NODE'],
      ['kubectl scale deployment/consumer --replicas=0', 'kubectl scale deployment/consumer --replicas=2'],
    ]);
  });
});

describe('steps from structure', () => {
  it('uses a heading as the title of the code under it', () => {
    const runbook = compileRunbook(
      md('# Cache flush', '', '## Flush the CDN cache', '', '```bash', 'cdnctl purge --all', '```'),
    );
    expect(runbook.title).toBe('Cache flush');
    expect(runbook.steps.map((s) => [s.title, s.command])).toEqual([['Flush the CDN cache', 'cdnctl purge --all']]);
  });

  it('makes an instruction heading with nothing under it a step, and asks how', () => {
    const runbook = compileRunbook(
      md('# DB failover', '', '## Step 1: Page the database on-call', '', '## Step 2: Promote the replica'),
    );
    expect(runbook.steps.map((s) => s.title)).toEqual(['Page the database on-call', 'Promote the replica']);
    expect(runbook.ambiguities.map((a) => a.question)).toEqual([
      'Who exactly? Name the team, channel or on-call rotation.',
      'What exactly should be run or looked at? Add the command, query or link.',
    ]);
  });

  it('turns prose under Mitigation into one step to read when nothing in it is an instruction', () => {
    const runbook = compileRunbook(
      md('## Mitigation', '', 'The alert clears by itself once the nightly batch finishes.'),
    );
    expect(runbook.steps.map((s) => [s.section, s.title, s.command])).toEqual([
      ['Mitigation', 'The alert clears by itself once the nightly batch finishes', null],
    ]);
    expect(runbook.ambiguities).toEqual([]);
  });

  it('splits one paragraph of instructions into one step per sentence', () => {
    const runbook = compileRunbook(md('## Diagnosis', '', 'Check the operator logs.', 'Check service account tokens.'));
    expect(runbook.steps.map((s) => s.title)).toEqual(['Check the operator logs', 'Check service account tokens']);
  });

  it('finds prerequisites in running text', () => {
    const runbook = compileRunbook(
      md(
        '## Diagnosis',
        '',
        'Make sure you are on the VPN. Login to the cluster. Check the nodes: `kubectl get nodes`',
      ),
    );
    expect(runbook.prerequisites).toEqual([
      { text: 'Make sure you are on the VPN', kind: 'network', command: null, implied: false, stepIds: [] },
      { text: 'Login to the cluster', kind: 'access', command: null, implied: false, stepIds: [] },
      // Said by the command, not by the text; the login the text states is not repeated.
      { text: 'The `kubectl` CLI', kind: 'tool', command: null, implied: true, stepIds: ['s1'] },
    ]);
    expect(runbook.steps.map((s) => s.command)).toEqual(['kubectl get nodes']);
  });

  it('points an unknown step number out as a question', () => {
    const runbook = compileRunbook(
      md('1. Check the queue depth: `rabbitmqctl list_queues`', '2. If it is above 10000, go to step 9.'),
    );
    expect(runbook.ambiguities.map((a) => a.question)).toEqual([
      'This points to step 9, which the runbook does not have. Which step is meant?',
    ]);
  });
});

describe('errors an author can act on', () => {
  it('rejects text with nothing to act on, saying what was looked for', () => {
    let error: unknown;
    try {
      compileRunbook(md('# Notes', '', 'The payment service is written in Go and deployed twice a week.'));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'runbook_empty' });
    expect((error as Error).message).toMatch(
      /^No actionable step found: looked for shell commands .* and found none\.$/,
    );
  });

  it('rejects an empty text', () => {
    expect(() => compileRunbook('  \n')).toThrow(expect.objectContaining({ code: 'runbook_empty' }));
  });

  it.each([
    ['trust_level: 5', 'Front matter field `trust_level`: expected 0, 1 or 2'],
    ['approvers: [alice]', 'Front matter field `approvers.0`: expected a Slack user id'],
    ['timeout_seconds: -3', 'Front matter field `timeout_seconds`: expected more than 0 seconds'],
    [
      'variables: { NAMESPACE: { pattern: "[" } }',
      'Front matter field `variables.NAMESPACE.pattern`: expected a valid regular expression',
    ],
    ['title: [unclosed', 'Front matter is not valid YAML'],
  ])('rejects bad front matter (%s) naming the field', (yaml, message) => {
    expect(() => compileRunbook(md('---', yaml, '---', '', '1. Run `kubectl get pods -A`'))).toThrow(
      expect.objectContaining({ code: 'runbook_invalid', message: expect.stringContaining(message) }),
    );
  });

  it('accepts a single string where a list is expected', () => {
    const runbook = compileRunbook(
      md('---', 'services: api', 'alerts: ApiDown', '---', '', '1. Run `kubectl get pods -n api`'),
    );
    expect([runbook.metadata.services, runbook.metadata.alerts, runbook.metadata.trust_level]).toEqual([
      ['api'],
      ['ApiDown'],
      0,
    ]);
  });
});

describe('a Variables section', () => {
  it('reads `$NAME`: …, bare NAME — … and table rows as descriptions', () => {
    const runbook = compileRunbook(
      md(
        '## Variables',
        '',
        '- `$NAMESPACE`: namespace of the failing pod',
        '- CLUSTER — the kube context to use',
        '',
        '| name | meaning |',
        '|---|---|',
        '| `<pod-name>` | the crashing pod |',
        '',
        '## Steps',
        '',
        '1. Describe it: `kubectl --context $CLUSTER -n $NAMESPACE describe pod <pod-name>`',
      ),
    );
    expect(runbook.variables.map((v) => [v.name, v.description])).toEqual([
      ['CLUSTER', 'the kube context to use'],
      ['NAMESPACE', 'namespace of the failing pod'],
      ['POD_NAME', 'the crashing pod'],
    ]);
  });
});

describe('titles and places an author would recognise', () => {
  it('titles a command by the comment at the end of its line, and keeps the comment in the command', () => {
    const runbook = compileRunbook(
      md(
        '## Fix',
        '',
        '```bash',
        'kubectl get csr | grep Pending   # list the pending requests',
        "echo '# not a comment'",
        '```',
      ),
    );
    expect(runbook.steps.map((s) => [s.title, s.command])).toEqual([
      ['List the pending requests', 'kubectl get csr | grep Pending   # list the pending requests'],
      ["Run `echo '# not a comment'`", "echo '# not a comment'"],
    ]);
  });

  it('titles each of two blocks in a row by its own command', () => {
    const runbook = compileRunbook(
      md('## Fix', '', '```console', '$ uptime', '```', '', '```console', '$ df -h', '```'),
    );
    expect(runbook.steps.map((s) => s.title)).toEqual(['Run `uptime`', 'Run `df -h`']);
  });

  it('reads where a table row runs from that row only', () => {
    const runbook = compileRunbook(
      md(
        '## Fixes',
        '',
        '| Symptom | Do this |',
        '|---|---|',
        '| Disk full | `curl -XPOST localhost:9200/_cache/clear` |',
        '| Node left | `sudo systemctl restart elasticsearch` on that node |',
      ),
    );
    expect(runbook.steps.map((s) => s.runMode)).toEqual(['local', 'manual']);
    expect(runbook.ambiguities.map((a) => a.question)).toEqual([
      expect.stringContaining('`sudo systemctl restart elasticsearch` runs on that node, but'),
    ]);
  });

  it('never types YAML shown under a `psql` step into the database', () => {
    const runbook = compileRunbook(
      md(
        '## Fix',
        '',
        '```bash',
        'psql -h db -U postgres',
        '```',
        '',
        '```sql',
        'SELECT 1;',
        '```',
        '',
        '```yaml',
        'a: 1',
        '```',
      ),
    );
    expect(runbook.steps.map((s) => [s.language, s.runMode, s.context?.kind ?? null])).toEqual([
      ['bash', 'manual', null],
      ['sql', 'wrapped', 'database'],
      ['yaml', 'manual', null],
    ]);
  });
});

describe('rollbacks and conditions written inline', () => {
  const runbook = compileRunbook(
    md(
      '## Mitigation',
      '',
      '1. Drain it: `kubectl drain $NODE --ignore-daemonsets`',
      '',
      '   Undo with `kubectl uncordon $NODE`.',
      '',
      '2. If the pod is CrashLooping: `kubectl -n web delete pod $POD`',
      '',
      '3. If disk usage is above 90%, then run `sudo journalctl --vacuum-size=500M`; otherwise skip to step 5.',
      '',
      '4. Scale up: `kubectl -n web scale deploy/web --replicas=6` (rollback: `kubectl -n web scale deploy/web --replicas=3`)',
      '',
      '5. Done.',
    ),
  );

  it('never runs a rollback as a step: it undoes the step it is written with', () => {
    expect(runbook.steps.map((s) => [s.command, s.rollback])).toEqual([
      ['kubectl drain $NODE --ignore-daemonsets', 'kubectl uncordon $NODE'],
      ['kubectl -n web delete pod $POD', null],
      ['sudo journalctl --vacuum-size=500M', null],
      ['kubectl -n web scale deploy/web --replicas=6', 'kubectl -n web scale deploy/web --replicas=3'],
      [null, null],
    ]);
  });

  it('asks "If …: `cmd`" and runs the command when yes, not the step "otherwise" points to', () => {
    expect(
      runbook.branches.map((b) => [b.question, b.options.map((o) => [o.label, o.stepIds, o.jumpToStepId])]),
    ).toEqual([
      [
        'the pod is CrashLooping?',
        [
          ['Yes', ['s2'], null],
          ['No (go on)', [], null],
        ],
      ],
      [
        'disk usage is above 90%?',
        [
          ['Yes', ['s3'], null],
          ['No (go on)', [], null],
        ],
      ],
    ]);
  });
});
