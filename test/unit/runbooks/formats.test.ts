import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileRunbook, detectFormat, normalise } from '../../../src/runbooks/index.js';
import type { CompiledRunbook } from '../../../src/runbooks/types.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/runbooks');
const compileFixture = (name: string) =>
  compileRunbook(readFileSync(path.join(fixtures, name), 'utf8'), { fileName: path.join(fixtures, name) });
const summary = (r: CompiledRunbook) =>
  r.steps.map((s) => ({ section: s.section, title: s.title, command: s.command }));

describe('format detection', () => {
  it.each([
    ['# Title\n\n1. Run `ls`', undefined, 'markdown'],
    ['---\ntitle: x\n---\n$ kubectl get pods', undefined, 'markdown'],
    ['<h1>Restart</h1><p>Run it</p>', undefined, 'html'],
    ['<!DOCTYPE html><html><body><p>x</p></body></html>', undefined, 'html'],
    ['<p>x</p><ac:structured-macro ac:name="code"></ac:structured-macro>', undefined, 'confluence'],
    ['Restart nginx\n$ sudo systemctl restart nginx\n', undefined, 'text'],
    ['anything', 'runbook.HTML', 'html'],
    ['<ac:link><ri:page ri:content-title="X"/></ac:link>', 'page.htm', 'confluence'],
    ['<p>looks like html</p>', 'notes.md', 'markdown'],
  ] as const)('%j (%s) is %s', (text, fileName, format) => {
    expect(detectFormat(text, fileName)).toBe(format);
  });
});

describe('normalisation to Markdown', () => {
  it('turns Confluence code macros into fenced code with the exact text, CDATA included', () => {
    const storage =
      '<h2>Fix</h2><ac:structured-macro ac:name="code"><ac:parameter ac:name="language">bash</ac:parameter>' +
      '<ac:plain-text-body><![CDATA[grep -E "a<b>|x&y" /var/log/app_1.log]]></ac:plain-text-body></ac:structured-macro>';
    const { format, markdown } = normalise(storage);
    expect(format).toBe('confluence');
    expect(markdown).toBe('## Fix\n\n```bash\ngrep -E "a<b>|x&y" /var/log/app_1.log\n```');
  });

  it('keeps code in <pre> byte for byte (no Markdown escaping of _ or *)', () => {
    const { markdown } = normalise('<h2>Clean</h2><pre><code class="language-sh">rm -f /tmp/app_*.lock</code></pre>');
    expect(markdown).toContain('```sh\nrm -f /tmp/app_*.lock\n```');
  });

  it('drops <style> and <script> and uses <title> when the page has no <h1>', () => {
    const { markdown } = normalise(
      '<html><head><title>Queue backlog</title><style>p{color:red}</style><script>x()</script></head><body><p>Hi</p></body></html>',
    );
    expect(markdown.trim()).toBe('# Queue backlog\n\nHi');
  });

  it('fences `$ ` prompt lines in running text, inside the list item they belong to', () => {
    const { markdown } = normalise(
      '1. Check it\n   $ systemctl status nginx\n   active (running)\n2. Reload\n   $ systemctl reload nginx\n',
    );
    expect(markdown).toBe(
      '1. Check it\n   ```console\n   $ systemctl status nginx\n   active (running)\n   ```\n2. Reload\n   ```console\n   $ systemctl reload nginx\n   ```\n',
    );
  });

  it('resolves Hugo ref shortcodes so the link is a link', () => {
    expect(normalise('See [Other]({{< ref "./Other.md" >}})').markdown).toBe('See [Other](./Other.md)');
  });
});

describe('an HTML page exported from a wiki', () => {
  const runbook = compileFixture('html/kafka-consumer-lag.html');

  it('reads title, summary, prerequisites', () => {
    expect(runbook.source.format).toBe('html');
    expect(runbook.title).toBe('Kafka consumer lag on orders-processor');
    expect(runbook.summary).toBe('The `orders-processor` consumer group is falling behind on the `orders` topic.');
    expect(runbook.prerequisites.filter((p) => !p.implied).map((p) => p.kind)).toEqual(['network', 'tool']);
  });

  it('reads steps from <ol>/<pre><code class="language-x">, a rollback line and a `$ ` paragraph', () => {
    expect(summary(runbook)).toEqual([
      {
        section: 'Diagnosis',
        title: 'Describe the consumer group and note the LAG column',
        command: 'kafka-consumer-groups.sh --bootstrap-server $BROKER --describe --group orders-processor',
      },
      {
        section: 'Diagnosis',
        title: 'Check how many partitions the topic has',
        command: 'kafka-topics.sh --bootstrap-server $BROKER --describe --topic orders',
      },
      { section: 'Diagnosis', title: 'Compare with the consumer lag dashboard query', command: null },
      {
        section: 'Mitigation',
        title: 'Scale the consumers up to the number of partitions',
        command: 'kubectl -n orders scale deployment/orders-processor --replicas=<partition-count>',
      },
      {
        section: 'Mitigation',
        title: 'Watch the lag go down',
        command: 'kafka-consumer-groups.sh --bootstrap-server $BROKER --describe --group orders_processor_v2',
      },
    ]);
    expect(runbook.steps[2]!.language).toBe('promql');
    expect(runbook.steps[3]!.rollback).toBe('kubectl -n orders scale deployment/orders-processor --replicas=3');
  });

  it('asks where the undefined variables come from', () => {
    expect(runbook.ambiguities.map((a) => a.text)).toEqual(['$BROKER', '<partition-count>']);
  });
});

describe('a Confluence page in storage format', () => {
  const runbook = compileFixture('confluence/redis-eviction-storage.html');

  it('reads code macros (with and without a language), an Undo line, a page link and a task list', () => {
    expect(runbook.source.format).toBe('confluence');
    expect(runbook.title).toBe('Redis evicting keys (session cache)');
    expect(summary(runbook)).toEqual([
      {
        section: 'Diagnosis',
        title: 'Check memory usage and the eviction policy',
        command: 'redis-cli -h $REDIS_HOST INFO memory | grep -E "used_memory_human|maxmemory_human|maxmemory_policy"',
      },
      {
        section: 'Diagnosis',
        title: 'Count evicted keys since start',
        command: 'redis-cli -h $REDIS_HOST INFO stats | grep evicted_keys',
      },
      {
        section: 'Diagnosis',
        title: 'Find the biggest keys (read-only, but slow on large instances)',
        command: 'redis-cli -h $REDIS_HOST --bigkeys -i 0.1 2>&1 | tail -n 20',
      },
      {
        section: 'Mitigation',
        title: 'If `maxmemory_policy` is `noeviction`, see Redis eviction policies before changing anything',
        command: null,
      },
      {
        section: 'Mitigation',
        title: 'Raise `maxmemory` to 6 GB for now',
        command: 'redis-cli -h $REDIS_HOST CONFIG SET maxmemory 6gb && echo "done" > /tmp/redis-maxmemory.log',
      },
      { section: 'Mitigation', title: 'Restart the session service', command: null },
      { section: 'Mitigation', title: 'Post a summary in #incidents', command: null },
    ]);
    expect(runbook.steps[4]!.rollback).toBe('redis-cli -h $REDIS_HOST CONFIG SET maxmemory 4gb');
  });

  it('reads the info panel as a prerequisite and asks which service to restart', () => {
    expect(runbook.prerequisites).toEqual([
      {
        text: 'Make sure you are on the VPN and logged in to the prod-eu cluster',
        kind: 'network',
        command: null,
        implied: false,
        stepIds: [],
      },
      // Not in the text, but every redis step needs it.
      { text: 'The `redis-cli` CLI', kind: 'tool', command: null, implied: true, stepIds: ['s1', 's2', 's3', 's5'] },
    ]);
    expect(runbook.ambiguities).toContainEqual({
      stepId: 's6',
      text: 'Restart the session service',
      question: 'Which service or workload, and with what command?',
    });
  });
});

describe('a Notion HTML export', () => {
  const runbook = compileFixture('notion/search-index-rebuild.html');

  it('reads the page title, the first paragraph as summary and one step per numbered list', () => {
    expect(runbook.title).toBe('Search index is stale');
    expect(runbook.summary).toBe('Search results are older than 30 minutes because the indexer stopped consuming.');
    expect(summary(runbook)).toEqual([
      {
        section: 'Diagnosis',
        title: 'Check the indexer pods',
        command: 'kubectl -n search get pods -l app=indexer -o wide',
      },
      {
        section: 'Diagnosis',
        title: "Check the indexer's last checkpoint",
        command: 'curl -s http://indexer.search.svc:8080/admin/checkpoint | jq .lastOffset',
      },
      {
        section: 'Mitigation',
        title: 'Restart the indexer deployment',
        command: 'kubectl -n search rollout restart deployment/indexer',
      },
      {
        section: 'Mitigation',
        title: 'Wait for the rollout to finish',
        command: 'kubectl -n search rollout status deployment/indexer --timeout=5m',
      },
      {
        section: 'Mitigation',
        title: 'If the index is still stale after 15 minutes, escalate to #search-oncall',
        command: null,
      },
    ]);
  });

  it('reads the callout as a conditional step after the last command', () => {
    expect(runbook.branches).toEqual([
      expect.objectContaining({
        fromStepId: 's4',
        question: 'the index is still stale after 15 minutes?',
        options: [
          { label: 'Yes', stepIds: ['s5'], jumpToStepId: null },
          { label: 'No (go on)', stepIds: [], jumpToStepId: null },
        ],
        joinStepId: null,
        condition: 'the index is still stale after 15 minutes',
        thenStepIds: ['s5'],
        elseStepIds: [],
      }),
    ]);
  });
});

describe('wiki text full of `$ ` prompts', () => {
  const runbook = compileFixture('text/wiki-prompts.txt');

  it('uses the first line as title and the prompts as commands, dropping their output', () => {
    expect(runbook.source.format).toBe('text');
    expect(runbook.title).toBe('Nginx is returning 502 on the edge hosts');
    expect(summary(runbook)).toEqual([
      {
        section: null,
        title: 'Check that nginx is running on the host',
        command: 'ssh edge-01 sudo systemctl status nginx --no-pager',
      },
      { section: null, title: 'Test the configuration', command: 'ssh edge-01 sudo nginx -t' },
      { section: null, title: 'Reload nginx', command: 'ssh edge-01 sudo systemctl reload nginx' },
      {
        section: null,
        title: 'Check the upstream health endpoint',
        command: "curl -sS -o /dev/null -w '%{http_code}\\n' \\\n  https://edge-01.internal/healthz",
      },
    ]);
  });

  it('reads the VPN sentence as a prerequisite', () => {
    expect(runbook.prerequisites).toEqual([
      {
        text: 'Before you start, make sure you are connected to the VPN and can ssh to edge-01',
        kind: 'network',
        command: null,
        implied: false,
        stepIds: [],
      },
    ]);
  });
});

describe('pastes from other tools, normalised to Markdown', () => {
  it('keeps the lines of a multi-line Confluence code macro inside a list item', () => {
    const { markdown } = normalise(
      '<ol><li><p>Check:</p><ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[$ ceph health detail\nHEALTH_WARN 1 nearfull osd(s)]]></ac:plain-text-body></ac:structured-macro></li></ol>',
      { format: 'confluence' },
    );
    expect(markdown).toContain('$ ceph health detail\n    HEALTH_WARN 1 nearfull osd(s)');
  });

  it('says a Confluence warning panel is a warning', () => {
    const { markdown } = normalise(
      '<ac:structured-macro ac:name="warning"><ac:rich-text-body><p>This moves data.</p></ac:rich-text-body></ac:structured-macro>',
      { format: 'confluence' },
    );
    expect(markdown.trim()).toBe('**Warning:** This moves data.');
  });

  it('fences `$ ` prompt lines quoted from a chat thread, inside the quote', () => {
    expect(normalise('> $ kafka-topics.sh --describe\n> Topic: orders\n').markdown).toBe(
      '> ```console\n> $ kafka-topics.sh --describe\n> Topic: orders\n> ```\n',
    );
  });

  it('turns <pre>, <p>, inline <code> and <details> summaries in Markdown into Markdown', () => {
    const { markdown } = normalise(
      [
        '<details>',
        '<summary>Check the runner</summary>',
        '',
        '<pre><code class="language-bash">sudo journalctl -u runner | grep -c &quot;error&quot;</code></pre>',
        '</details>',
        '',
        '<p>Then run <code>sudo gitlab-runner restart</code>.</p>',
        '',
        'Run <code>sudo resolvectl flush-caches</code> on each resolver, not `<code>x</code>`.',
      ].join('\n'),
    );
    expect(markdown).toContain('Check the runner:');
    expect(markdown).toContain('```bash\nsudo journalctl -u runner | grep -c "error"\n```');
    expect(markdown).toContain('Then run `sudo gitlab-runner restart`.');
    expect(markdown).toContain('Run `sudo resolvectl flush-caches` on each resolver, not `<code>x</code>`.');
    expect(markdown).not.toMatch(/<details>|<\/details>|<summary>/);
  });

  it('reads Confluence/Jira wiki markup: headings, numbered items and {code}/{noformat} blocks', () => {
    const { markdown } = normalise(
      'h2. Steps\n\n# Reload nginx:\n{code:bash}\nsudo systemctl reload nginx\n{code}\n# Check with {{curl -I localhost}}, not {{service}}\n',
    );
    expect(markdown).toBe(
      '## Steps\n\n1. Reload nginx:\n   ```bash\n   sudo systemctl reload nginx\n   ```\n1. Check with `curl -I localhost`, not {{service}}\n',
    );
  });

  it('leaves a Markdown page that only mentions `{code}` alone', () => {
    const text = '# Title\n\n```text\n{code}\n```\n\n# Heading\n';
    expect(normalise(text).markdown).toBe(text);
  });

  it('fences reStructuredText code blocks and `::` literal blocks indented less than four spaces', () => {
    expect(
      normalise(
        'Check it:\n\n.. code-block:: bash\n   :linenos:\n\n   celery -A shop inspect active\n\nRestart::\n\n  sudo systemctl restart celery\n',
      ).markdown,
    ).toBe(
      'Check it:\n\n```bash\ncelery -A shop inspect active\n```\n\nRestart:\n\n```\nsudo systemctl restart celery\n```\n',
    );
  });
});

describe('a command is a step whatever it was pasted in', () => {
  const commands = (text: string) =>
    compileRunbook(text)
      .steps.filter((s) => s.command)
      .map((s) => s.command);

  it('reads a root terminal pasted without `$ ` (`# cmd` and its output), not a bash block of comments', () => {
    const session = '## Fix\n\n```\n# mailq | tail -n 1\n-- 5321 Kbytes in 1893 Requests.\n# postqueue -f\n```\n';
    expect(commands(session)).toEqual(['mailq | tail -n 1', 'postqueue -f']);
    const script = '## Fix\n\n```bash\n# kill the stuck worker first\nsystemctl restart worker\n```\n';
    expect(commands(script)).toEqual(['systemctl restart worker']);
  });

  it('reads `sudo -u postgres cmd` in prose, and `Run `x`` with a program it does not know', () => {
    expect(commands('Then promote it: `sudo -u postgres pg_ctlcluster 15 main promote`.')).toEqual([
      'sudo -u postgres pg_ctlcluster 15 main promote',
    ]);
    expect(commands('Run `frobctl drain --all` on each host.')).toEqual(['frobctl drain --all']);
  });

  it('makes "… and roll it out with `helm upgrade …`" a step of its own', () => {
    const runbook = compileRunbook(
      '## Fix\n\nRaise the limit in the values:\n\n```yaml\na: 1\n```\n\nand roll it out with `helm upgrade pg bitnami/postgresql -f values.yaml`.\n',
    );
    expect(runbook.steps.map((s) => s.title)).toEqual([
      'Raise the limit in the values',
      'Roll it out with `helm upgrade pg bitnami/postgresql -f values.yaml`',
    ]);
  });

  it('takes PowerShell and cmd blocks for Windows, never for shell', () => {
    const runbook = compileRunbook(
      '## Fix\n\n```\nPS C:\\> Get-Service W3SVC\nRunning  W3SVC\n```\n\n```\nRestart-Service W3SVC\n```\n\n```\nC:\\> net stop spooler\n```\n',
    );
    expect(runbook.steps.map((s) => [s.title, s.language, s.isShell, s.command])).toEqual([
      ['Run `Get-Service W3SVC`', 'powershell', false, null],
      ['Run `Restart-Service W3SVC`', 'powershell', false, null],
      ['Run `net stop spooler`', 'cmd', false, null],
    ]);
  });
});

describe('commands written without code formatting', () => {
  const commands = (text: string) =>
    compileRunbook(text)
      .steps.filter((s) => s.command)
      .map((s) => [s.title, s.command]);

  it('reads code indented four spaces under a list item (Markdown would read a paragraph)', () => {
    expect(
      commands('1. Check the config:\n\n    sudo nginx -t\n\n2. Restart it:\n\n    sudo systemctl restart nginx\n'),
    ).toEqual([
      ['Check the config', 'sudo nginx -t'],
      ['Restart it', 'sudo systemctl restart nginx'],
    ]);
  });

  it('reads a list item that is a command, a `Label: command` item and a command on the line under an item', () => {
    expect(
      commands(
        '1. kubectl -n reports get cronjobs\n2. Delete the stuck job: kubectl -n reports delete job <job-name>\n3. Check the pods:\n   kubectl -n edge get pods -l app=gateway\n',
      ),
    ).toEqual([
      ['Run `kubectl -n reports get cronjobs`', 'kubectl -n reports get cronjobs'],
      ['Delete the stuck job: `kubectl -n reports delete job <job-name>`', 'kubectl -n reports delete job <job-name>'],
      ['Check the pods', 'kubectl -n edge get pods -l app=gateway'],
    ]);
  });

  it('leaves prose that opens with a program name as prose, and front matter alone', () => {
    const { markdown } = normalise(
      '---\ndescription: kubectl -n x get pods\n---\n\n- kill the process if it hangs\n- top shows the load\n- ssh is closed to the world\n',
    );
    expect(markdown).toBe(
      '---\ndescription: kubectl -n x get pods\n---\n\n- kill the process if it hangs\n- top shows the load\n- ssh is closed to the world\n',
    );
  });

  it('keeps a tab-indented code block under a list item as code', () => {
    expect(commands('1.\tRestart memcached:\n\n\t\tsudo systemctl restart memcached\n')).toEqual([
      ['Restart memcached', 'sudo systemctl restart memcached'],
    ]);
  });
});

describe('titles, front matter and placeholders from other tools', () => {
  it('reads TOML front matter between +++ lines like YAML front matter', () => {
    const runbook = compileRunbook(
      '+++\ntitle = "Wipe the WAL"\nalerts = ["PrometheusWALCorrupt"]\n+++\n\nRun `ls -la /prometheus`.\n',
    );
    expect(runbook.title).toBe('Wipe the WAL');
    expect(runbook.metadata.alerts).toEqual(['PrometheusWALCorrupt']);
  });

  it('takes a first line naming the procedure over a numbered list as the title, even when it is an instruction', () => {
    const runbook = compileRunbook('Restart the API gateway\n\n1. Check the pods: `kubectl -n edge get pods`\n');
    expect(runbook.title).toBe('Restart the API gateway');
    expect(runbook.steps).toHaveLength(1);
  });

  it('reads `YOUR_DB_HOST` and `%NAMESPACE%` as values to fill in, never `date +%FT%TZ`', () => {
    const runbook = compileRunbook(
      '## Fix\n\n```bash\npsql -h YOUR_DB_HOST -c "select 1"\nkubectl -n %NAMESPACE% get pods\ndate -u +%FT%TZ\n```\n',
    );
    expect(runbook.variables.map((v) => [v.name, v.written])).toEqual([
      ['YOUR_DB_HOST', 'YOUR_DB_HOST'],
      ['NAMESPACE', '%NAMESPACE%'],
    ]);
    expect(runbook.steps.map((s) => s.runCommand)).toEqual([
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell `${VAR}` syntax, not a template
      'psql -h ${YOUR_DB_HOST} -c "select 1"',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell `${VAR}` syntax, not a template
      'kubectl -n ${NAMESPACE} get pods',
      'date -u +%FT%TZ',
    ]);
  });
});

describe('more ways of writing a step', () => {
  const steps = (text: string) =>
    compileRunbook(text)
      .steps.filter((s) => s.command)
      .map((s) => [s.title, s.command]);

  it('reads zsh and fancy prompts when a known program follows, never curl progress output', () => {
    expect(
      steps(
        '```console\n% kubectl config current-context\nstaging\n❯ curl -sO https://x/y\n% Total    % Received\n```\n',
      ),
    ).toEqual([
      ['Run `kubectl config current-context`', 'kubectl config current-context'],
      ['Run `curl -sO https://x/y`', 'curl -sO https://x/y'],
    ]);
  });

  it('reads "**Command:** `cmd`" as the command to run', () => {
    expect(steps('## Fix\n\n**Command:** `kubectl -n billing rollout restart deploy/consumer`\n')).toEqual([
      [
        'Run `kubectl -n billing rollout restart deploy/consumer`',
        'kubectl -n billing rollout restart deploy/consumer',
      ],
    ]);
  });

  it('reads "Step 1 - check …" lines of plain text with the command under them', () => {
    expect(
      steps('Varnish hit rate dropped\n\nStep 1 - check the hit ratio\nvarnishstat -1 -f MAIN.cache_hit\n'),
    ).toEqual([['Check the hit ratio', 'varnishstat -1 -f MAIN.cache_hit']]);
  });

  it('reads AsciiDoc: = headings, . items, [source,bash] ---- blocks', () => {
    const runbook = compileRunbook(
      '= Restart search\n\n== Steps\n\n. Check health:\n+\n[source,bash]\n----\ncurl -s localhost:9200/_cluster/health\n----\n',
    );
    expect(runbook.title).toBe('Restart search');
    expect(runbook.steps.map((s) => [s.section, s.title, s.command])).toEqual([
      ['Steps', 'Check health', 'curl -s localhost:9200/_cluster/health'],
    ]);
  });
});

describe('commands in headings and in word-processor exports', () => {
  const steps = (text: string, fileName?: string) =>
    compileRunbook(text, fileName ? { fileName } : {})
      .steps.filter((s) => s.command)
      .map((s) => [s.title, s.command]);

  it('makes a heading that is a command a step, run by the instruction under it if there is one', () => {
    expect(
      steps(
        '# Edge proxy\n\n## `sudo systemctl reload envoy`\n\nReloads the configuration.\n\n## `sudo systemctl restart envoy`\n\nUse only when a reload does not help.\n',
      ),
    ).toEqual([
      ['Run `sudo systemctl reload envoy`', 'sudo systemctl reload envoy'],
      ['Use only when a reload does not help', 'sudo systemctl restart envoy'],
    ]);
  });

  it('reports a command in a heading that makes no step instead of losing it', () => {
    const runbook = compileRunbook(
      '# API\n\n## Restart with `systemctl restart api`\n\n### Details\n\nRun `df -h` first.\n',
    );
    expect(runbook.dropped.map((d) => [d.text, d.reason])).toEqual([['systemctl restart api', 'not-an-instruction']]);
  });

  it('reads commands a Google Docs export shows as plain text, without Markdown escapes', () => {
    expect(
      steps(
        '<h2>Steps</h2><ol><li><span>Look at the log:</span></li></ol><p><span>sudo tail -n 100 /var/log/app_1.log | grep sftp</span></p><ol start="2"><li><span>Restart it: </span><span>sudo systemctl restart sftpgo</span></li></ol>',
        'page.html',
      ),
    ).toEqual([
      ['Look at the log', 'sudo tail -n 100 /var/log/app_1.log | grep sftp'],
      ['Restart it: `sudo systemctl restart sftpgo`', 'sudo systemctl restart sftpgo'],
    ]);
  });

  it('drops emoji markers from titles', () => {
    expect(steps('✅ Check the pods: `kubectl -n monitoring get pods`\n')).toEqual([
      ['Check the pods: `kubectl -n monitoring get pods`', 'kubectl -n monitoring get pods'],
    ]);
  });
});

describe('plain commands in quotes and table cells', () => {
  it('reads a quoted command and table cells that are commands, leaving words alone', () => {
    const runbook = compileRunbook(
      '## Fix\n\n> kubectl -n web rollout restart deploy/web\n\n| Symptom | Fix |\n|---|---|\n| Pods stuck | kubectl -n web delete pod -l app=web |\n| Nothing helps | Page #web-oncall |\n',
    );
    expect(runbook.steps.map((s) => [s.title, s.command])).toEqual([
      ['Run `kubectl -n web rollout restart deploy/web`', 'kubectl -n web rollout restart deploy/web'],
      ['Pods stuck', 'kubectl -n web delete pod -l app=web'],
    ]);
  });
});

describe('commands with a prompt in inline code, lettered items and leads', () => {
  it('reads them as steps, and an "Example:" as shown, not asked', () => {
    const runbook = compileRunbook(
      '## Fix\n\na. kubectl -n web get pods -o wide\n\nRun `$ kubectl -n web rollout restart deploy/web` and wait.\n\nAs root: `# systemctl restart haproxy`\n\nThen `sudo -E env | grep PROXY` to check the proxy.\n\nExample: `kubectl -n web get ingress`\n',
    );
    expect(runbook.steps.map((s) => s.command)).toEqual([
      'kubectl -n web get pods -o wide',
      'kubectl -n web rollout restart deploy/web',
      'systemctl restart haproxy',
      'sudo -E env | grep PROXY',
    ]);
    expect(runbook.dropped.map((d) => [d.text, d.reason])).toEqual([
      ['kubectl -n web get ingress', 'not-an-instruction'],
    ]);
  });
});

describe('HTML exports without code markup', () => {
  it('reads commands split by <br> in a paragraph and in a table with no header row', () => {
    const runbook = compileRunbook(
      '<h2>Fix</h2><p>Run these:</p><p>kubectl -n web get pods -o wide<br/>kubectl -n web get svc -o wide</p><table><tr><td>Rollback</td><td>kubectl -n web scale deploy/x --replicas=4</td></tr></table>',
      { fileName: 'page.html' },
    );
    expect(runbook.steps.map((s) => s.command)).toEqual([
      'kubectl -n web get pods -o wide',
      'kubectl -n web get svc -o wide',
      'kubectl -n web scale deploy/x --replicas=4',
    ]);
  });
});

describe('HTML tables and lists pasted into Markdown', () => {
  it('reads their commands', () => {
    const runbook = compileRunbook(
      '## Fix\n\n<table>\n<tr><th>Step</th><th>Command</th></tr>\n<tr><td>Restart</td><td><code>sudo systemctl restart api</code></td></tr>\n</table>\n\n<ol>\n<li>Check: <code>kubectl -n api get pods</code></li>\n</ol>\n',
    );
    expect(runbook.steps.map((s) => [s.title, s.command])).toEqual([
      ['Restart', 'sudo systemctl restart api'],
      ['Check: `kubectl -n api get pods`', 'kubectl -n api get pods'],
    ]);
  });
});
