import { describe, expect, it } from 'vitest';
import { previewBlocks } from '../../../src/app/runbook-wiring.js';
import { scanCommand } from '../../../src/classifier/index.js';
import type { RunbookService } from '../../../src/runbooks/service.js';

const TOKEN = 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

/** A runbook someone pasted a credential into: its step card redacts it; its preview must too. */
const RUNBOOK = `# Rotate the deploy key

## Steps

1. Check the API answers with \`curl -H "Authorization: Bearer ${TOKEN}" https://api.example.com/health\`
2. Set the key

   \`\`\`bash
   aws configure set aws_secret_access_key ${AWS_SECRET}
   \`\`\`
`;

describe('a runbook preview in Slack (any member may ask for one)', () => {
  it('shows the steps with their commands, with the secrets redacted', async () => {
    const blocks = await previewBlocks({} as RunbookService, scanCommand, 'T0PREVIEW', { text: RUNBOOK });
    const shown = JSON.stringify(blocks);
    expect(shown).toContain('Rotate the deploy key');
    expect(shown).toContain('aws configure set aws_secret_access_key');
    expect(shown).toContain('[REDACTED');
    expect(shown).not.toContain(TOKEN);
    expect(shown).not.toContain(AWS_SECRET);
  });
});
