import { describe, expect, it } from 'vitest';
import { runStartedMessage } from '../../../blocks/run-started.js';

describe('run started', () => {
  it('shows prerequisites as Slack mrkdwn: links become Slack links, a relative .md link keeps its text', () => {
    const { text } = runStartedMessage({
      startedBy: 'U0ONCALL01',
      runbookTitle: 'Pod is crash looping',
      steps: 11,
      mode: 'strict',
      trustLevel: 0,
      dryRun: true,
      prerequisites: [
        'Read [the kubectl guide](https://kubernetes.io/docs/reference/kubectl/) & a **VPN**',
        'Finish [Postgres connections exhausted](postgres-connections-exhausted.md) first',
      ],
    });
    expect(text).toContain('• Read <https://kubernetes.io/docs/reference/kubectl/|the kubectl guide> &amp; a *VPN*');
    expect(text).toContain('• Finish Postgres connections exhausted first');
    expect(text).not.toContain('.md)');
    expect(text).toContain('🧪 dry run: commands are shown, not executed');
  });
});
