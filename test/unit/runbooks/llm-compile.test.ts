import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAiLlm } from '../../../src/lib/llm.js';
import { compileRunbook, compileWithLlm, type LlmRunbook } from '../../../src/runbooks/index.js';
import { type OpenAiFake, startOpenAiFake } from '../../fakes/openai-fake.js';

const RUNBOOK = [
  '# Queue backlog',
  '',
  '## Diagnosis',
  '',
  '1. Check the queue depth:',
  '',
  '   ```console',
  '   $ rabbitmqctl list_queues name messages | sort -k2 -n | tail -n 5',
  '   orders   120034',
  '   ```',
  '',
  '2. Check the consumer rate: `sum(rate(consumer_acks_total[5m]))` in Prometheus.',
  '',
  '## Mitigation',
  '',
  '3. Scale the consumers out:',
  '',
  '   ```bash',
  '   kubectl -n $NAMESPACE scale deployment/consumer --replicas=6',
  '   ```',
  '',
  '   Rollback: `kubectl -n $NAMESPACE scale deployment/consumer --replicas=2`',
  '',
  '4. If the backlog keeps growing, page #queue-oncall.',
].join('\n');

function extraction(overrides: Partial<LlmRunbook> = {}): LlmRunbook {
  return {
    title: 'Queue backlog',
    summary: 'Orders pile up in RabbitMQ.',
    steps: [
      {
        title: 'Find the deepest queues',
        text: 'Check the queue depth.',
        command: 'rabbitmqctl list_queues name messages | sort -k2 -n | tail -n 5',
        language: 'bash',
        section: 'Diagnosis',
        rollback: null,
      },
      {
        title: 'Check the consumer ack rate',
        text: 'In Prometheus.',
        command: 'sum(rate(consumer_acks_total[5m]))',
        language: 'promql',
        section: 'Diagnosis',
        rollback: null,
      },
      {
        title: 'Scale consumers to 6',
        text: 'Scale the consumers out.',
        command: 'kubectl -n $NAMESPACE scale deployment/consumer --replicas=6',
        language: 'bash',
        section: 'Mitigation',
        rollback: 'kubectl -n $NAMESPACE scale deployment/consumer --replicas=2',
      },
      {
        title: 'Page the queue on-call',
        text: 'If the backlog keeps growing.',
        command: null,
        language: null,
        section: 'Mitigation',
        rollback: null,
      },
    ],
    prerequisites: [{ text: 'kubectl access to the cluster', kind: 'access', command: null }],
    branches: [{ fromStep: 3, condition: 'the backlog keeps growing', thenSteps: [4], elseSteps: [] }],
    ambiguities: [{ step: 4, text: 'page #queue-oncall', question: 'Through PagerDuty or Slack?' }],
    ...overrides,
  };
}

describe('compileWithLlm against the OpenAI-compatible fake', () => {
  let fake: OpenAiFake;
  beforeAll(async () => {
    fake = await startOpenAiFake();
  });
  afterAll(async () => fake.close());
  beforeEach(() => fake.reset());

  const llm = () =>
    createOpenAiLlm({ apiKey: 'test', baseURL: fake.baseURL, model: 'm', timeoutMs: 2000, maxRetries: 0 });

  it('never sends a secret the runbook holds, and puts the real command back when the model returns it hidden', async () => {
    const token = 'ghp_Q3v9XkLm2PzR8TsY4wBn6HcJ1dFgA7eK5uVo';
    const withSecret = RUNBOOK.replace(
      'kubectl -n $NAMESPACE scale deployment/consumer --replicas=6',
      `curl -H "Authorization: Bearer ${token}" https://api.github.com/repos/acme/consumer/dispatches`,
    );
    fake.setHandler((request) => {
      const hidden = /curl -H "Authorization: Bearer [^\n]*dispatches/.exec(request.text)?.[0] ?? 'missing';
      const answer = extraction();
      answer.steps[2] = { ...answer.steps[2]!, command: hidden, rollback: null };
      return { json: answer };
    });
    const runbook = await compileWithLlm(llm(), withSecret);

    expect(JSON.stringify(fake.requests.map((r) => r.body))).not.toContain(token.slice(4, 16));
    expect(fake.requests[0]!.text).toContain('[REDACTED');
    expect(runbook.compiler).toBe('llm');
    expect(runbook.steps[2]!.command).toBe(
      `curl -H "Authorization: Bearer ${token}" https://api.github.com/repos/acme/consumer/dispatches`,
    );
  });

  it('falls back when a hidden command the model returns matches no command of the runbook', async () => {
    fake.enqueue({
      json: extraction({
        steps: [{ ...extraction().steps[0]!, command: 'curl -u admin:[REDACTED] https://elsewhere.example' }],
      }),
    });
    const runbook = await compileWithLlm(llm(), RUNBOOK);
    expect(runbook.compiler).toBe('deterministic');
    expect(runbook.warnings.join(' ')).toContain('hides a secret the runbook');
  });

  it('uses the model’s steps when every command is in the runbook, at temperature 0 with a strict schema', async () => {
    fake.enqueue({ json: extraction() });
    const runbook = await compileWithLlm(llm(), RUNBOOK);

    expect(runbook.compiler).toBe('llm');
    expect(runbook.warnings).toEqual([]);
    expect(runbook.steps.map((s) => [s.id, s.title, s.command, s.language, s.isShell])).toEqual([
      [
        's1',
        'Find the deepest queues',
        'rabbitmqctl list_queues name messages | sort -k2 -n | tail -n 5',
        'bash',
        true,
      ],
      // The model called the PromQL a command; only shell runs, so it becomes a query.
      ['s2', 'Check the consumer ack rate', null, 'promql', false],
      ['s3', 'Scale consumers to 6', 'kubectl -n $NAMESPACE scale deployment/consumer --replicas=6', 'bash', true],
      ['s4', 'Page the queue on-call', null, null, false],
    ]);
    expect(runbook.steps[2]!.rollback).toBe('kubectl -n $NAMESPACE scale deployment/consumer --replicas=2');
    expect(runbook.variables.map((v) => [v.name, v.usedInSteps])).toEqual([['NAMESPACE', ['s3']]]);
    expect(runbook.branches).toEqual([
      expect.objectContaining({
        kind: 'condition',
        question: 'the backlog keeps growing?',
        options: [
          { label: 'Yes', stepIds: ['s4'], jumpToStepId: null },
          { label: 'No', stepIds: [], jumpToStepId: null },
        ],
        joinStepId: null,
        fromStepId: 's3',
        condition: 'the backlog keeps growing',
        thenStepIds: ['s4'],
        elseStepIds: [],
      }),
    ]);
    expect(runbook.ambiguities).toContainEqual({
      stepId: 's4',
      text: 'page #queue-oncall',
      question: 'Through PagerDuty or Slack?',
    });

    const request = fake.requests[0]!;
    expect(request.schemaName).toBe('runbook_extraction');
    expect(request.body.temperature).toBe(0);
    const format = request.body.response_format as { json_schema: { strict: boolean; schema: { required: string[] } } };
    expect(format.json_schema.strict).toBe(true);
    expect(format.json_schema.schema.required).toEqual([
      'title',
      'summary',
      'steps',
      'prerequisites',
      'branches',
      'ambiguities',
    ]);
    expect(request.text).toContain('$ rabbitmqctl list_queues name messages');
  });

  it('sends the normalised Markdown, not the HTML', async () => {
    fake.enqueue({
      json: extraction({
        steps: [
          {
            title: 'List pods',
            text: '',
            command: 'kubectl get pods -n web',
            language: 'bash',
            section: null,
            rollback: null,
          },
        ],
        branches: [],
        ambiguities: [],
      }),
    });
    const runbook = await compileWithLlm(
      llm(),
      '<h2>Steps</h2><ol><li><p>List pods</p><pre><code class="language-bash">kubectl get pods -n web</code></pre></li></ol>',
    );
    expect(runbook.compiler).toBe('llm');
    expect(fake.requests[0]!.text).toContain('## Steps');
    expect(fake.requests[0]!.text).not.toContain('<pre>');
  });

  it('rejects an invented command and falls back to the deterministic result, saying why', async () => {
    const invented = extraction();
    invented.steps[2] = { ...invented.steps[2]!, command: 'kubectl -n $NAMESPACE delete deployment/consumer' };
    fake.enqueue({ json: invented });
    const runbook = await compileWithLlm(llm(), RUNBOOK);

    const { warnings, ...rest } = runbook;
    const { warnings: _none, ...deterministic } = compileRunbook(RUNBOOK);
    expect(rest).toEqual(deterministic);
    expect(runbook.compiler).toBe('deterministic');
    expect(warnings).toEqual([
      'LLM extraction rejected: the command `kubectl -n $NAMESPACE delete deployment/consumer` does not appear in the runbook. Used the deterministic result.',
    ]);
  });

  it('rejects an invented rollback too', async () => {
    const invented = extraction();
    invented.steps[2] = { ...invented.steps[2]!, rollback: 'kubectl -n $NAMESPACE rollout undo deployment/consumer' };
    fake.enqueue({ json: invented });
    const runbook = await compileWithLlm(llm(), RUNBOOK);
    expect(runbook.compiler).toBe('deterministic');
    expect(runbook.warnings[0]).toMatch(/rollout undo deployment\/consumer` does not appear/);
  });

  it('puts back a command the model dropped, where it was', async () => {
    const dropped = extraction();
    dropped.steps.splice(0, 1);
    dropped.branches = [{ fromStep: 2, condition: 'the backlog keeps growing', thenSteps: [3], elseSteps: [] }];
    dropped.ambiguities = [];
    fake.enqueue({ json: dropped });
    const runbook = await compileWithLlm(llm(), RUNBOOK);

    expect(runbook.compiler).toBe('llm');
    expect(runbook.steps.map((s) => s.command)).toEqual([
      'rabbitmqctl list_queues name messages | sort -k2 -n | tail -n 5',
      null,
      'kubectl -n $NAMESPACE scale deployment/consumer --replicas=6',
      null,
    ]);
    expect(runbook.steps[0]!.title).toBe('Check the queue depth');
    // The model's step numbers move with the restored step.
    expect(runbook.branches).toEqual([
      expect.objectContaining({
        kind: 'condition',
        question: 'the backlog keeps growing?',
        options: [
          { label: 'Yes', stepIds: ['s4'], jumpToStepId: null },
          { label: 'No', stepIds: [], jumpToStepId: null },
        ],
        joinStepId: null,
        fromStepId: 's3',
        condition: 'the backlog keeps growing',
        thenStepIds: ['s4'],
        elseStepIds: [],
      }),
    ]);
    expect(runbook.warnings).toEqual([
      'Restored 1 command(s) the LLM left out: `rabbitmqctl list_queues name messages | sort -k2 -n | tail -n 5`.',
    ]);
  });

  it('falls back when the answer does not fit the schema', async () => {
    fake.enqueue({ json: { title: 'x', steps: 'not a list' } });
    const runbook = await compileWithLlm(llm(), RUNBOOK);
    expect(runbook.compiler).toBe('deterministic');
    expect(runbook.steps.length).toBe(compileRunbook(RUNBOOK).steps.length);
    expect(runbook.warnings[0]).toMatch(/^LLM extraction failed \(malformed\): .* Used the deterministic result\.$/);
  });

  it('falls back on a server error', async () => {
    fake.enqueue({ status: 500, message: 'overloaded', shouldRetry: false });
    const runbook = await compileWithLlm(llm(), RUNBOOK);
    expect(runbook.compiler).toBe('deterministic');
    expect(runbook.warnings[0]).toMatch(/^LLM extraction failed \(unavailable\): .*overloaded/);
  });

  it('falls back when a branch points to a step that does not exist', async () => {
    fake.enqueue({ json: extraction({ branches: [{ fromStep: 3, condition: 'x', thenSteps: [9], elseSteps: [] }] }) });
    const runbook = await compileWithLlm(llm(), RUNBOOK);
    expect(runbook.compiler).toBe('deterministic');
    expect(runbook.warnings[0]).toMatch(/a branch refers to a step that does not exist/);
  });

  it('still reports an empty runbook when neither compiler finds a step', async () => {
    fake.enqueue({ json: extraction({ steps: [], branches: [], ambiguities: [] }) });
    await expect(compileWithLlm(llm(), 'The payment service is written in Go.')).rejects.toMatchObject({
      code: 'runbook_empty',
    });
  });

  it('does not call the model for invalid front matter', async () => {
    await expect(compileWithLlm(llm(), '---\ntrust_level: 7\n---\n1. Run `kubectl get pods -A`')).rejects.toMatchObject(
      {
        code: 'runbook_invalid',
      },
    );
    expect(fake.requests).toHaveLength(0);
  });
});
