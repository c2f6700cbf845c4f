import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildChildEnv } from '../../../../src/executions/executor/child-env.js';
import { runCommand } from '../../../../src/executions/executor/run-command.js';
import { CREDENTIAL_CASES } from '../../lib/fixtures/fake-credentials.js';
import { tempDir } from './process-helpers.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

const allSecrets = CREDENTIAL_CASES.flatMap((c) => c.secrets);

describe('the credential set printed by a real command', () => {
  it('reaches neither the streamed chunks nor the result', async () => {
    const file = join(dir.path, 'printed.txt');
    writeFileSync(file, `${CREDENTIAL_CASES.map((c) => c.text).join('\n')}\n`);
    const chunks: string[] = [];
    // stdout and stderr both, in small writes, as a chatty tool would print them
    const r = await runCommand({
      command: `while IFS= read -r line; do printf '%s\\n' "$line"; printf '%s\\n' "$line" >&2; done < ${file}`,
      env: buildChildEnv(process.env, []),
      timeoutMs: 30_000,
      outputCapBytes: 1024 * 1024,
      onOutput: (c) => chunks.push(c.text),
    });
    expect(r.exitCode).toBe(0);
    expect(r.truncated).toBe(false);
    const streamed = chunks.join('');
    for (const secret of allSecrets) {
      expect(streamed).not.toContain(secret);
      expect(r.output).not.toContain(secret);
    }
    expect(r.output.match(/\[REDACTED/g)?.length ?? 0).toBeGreaterThanOrEqual(2 * CREDENTIAL_CASES.length);
  });
});
