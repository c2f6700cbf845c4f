import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createStreamingRedactor, redactCommand, redactSecrets } from '../../../src/lib/redact.js';
import { applyEveryRule, applyLineRules, mayHoldSecret } from '../../../src/lib/redact-rules.js';
import { leakedPieces } from '../../support/leaks.js';
import { CREDENTIAL_CASES, type CredentialCase } from './fixtures/fake-credentials.js';
import { ORDINARY_OUTPUT } from './fixtures/ordinary-output.js';

function leaked(c: CredentialCase, redacted: string): string[] {
  return leakedPieces(c.secrets, redacted);
}

function streamed(text: string, chunkSize: number): string {
  const r = createStreamingRedactor();
  let out = '';
  for (let i = 0; i < text.length; i += chunkSize) out += r.push(text.slice(i, i + chunkSize));
  return out + r.flush();
}

describe('the fake credential set', () => {
  it('has at least 60 formats, each with a secret to hide', () => {
    expect(CREDENTIAL_CASES.length).toBeGreaterThanOrEqual(60);
    for (const c of CREDENTIAL_CASES) expect(c.secrets.every((s) => s.length >= 8)).toBe(true);
  });
});

describe.each([
  ['redactSecrets', (text: string) => redactSecrets(text)],
  ['the stream, 7 characters at a time', (text: string) => streamed(text, 7)],
  ['redactCommand', (text: string) => redactCommand(text)],
] as const)('%s hides every credential format', (_how, redact) => {
  it.each(CREDENTIAL_CASES)('$name', (c) => {
    const out = redact(c.text);
    expect(leaked(c, out)).toEqual([]);
    expect(out).toContain('[REDACTED');
    for (const context of c.keep ?? []) expect(out).toContain(context);
  });
});

describe('ordinary output stays as it is', () => {
  it.each(ORDINARY_OUTPUT)('$name', ({ text }) => {
    expect(redactSecrets(text)).toBe(text);
  });

  it('changes no line of the real runbooks', () => {
    const root = fileURLToPath(new URL('../../fixtures/shared/runbooks-real/', import.meta.url));
    const files = readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(files.length).toBeGreaterThanOrEqual(100);
    const changed = files.flatMap((f) =>
      readFileSync(join(f.parentPath, f.name), 'utf8')
        .split('\n')
        .filter((line) => redactSecrets(line) !== line),
    );
    expect(changed).toEqual([]);
  });
});

describe('the quick pre-checks', () => {
  const lines = [...CREDENTIAL_CASES.map((c) => c.text), ...ORDINARY_OUTPUT.map((o) => o.text)].flatMap((t) =>
    t.split('\n'),
  );

  it('never skip a line a rule would change', () => {
    for (const line of lines) {
      for (const mode of ['output', 'command'] as const) {
        expect(applyLineRules(line, mode)).toBe(applyEveryRule(line, mode));
      }
      if (applyEveryRule(line, 'output') !== line) expect(mayHoldSecret(line)).toBe(true);
    }
  });
});
