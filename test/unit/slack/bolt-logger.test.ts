import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/lib/logger.js';
import { boltLogger } from '../../../src/slack/bolt-logger.js';

const TOKEN = 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB';
const AWS = 'AKIAIOSFODNN7EXAMPLE';

/** What the Socket Mode client logs at debug for each envelope: the raw payload, as one string. */
const envelope = JSON.stringify({
  envelope_id: 'e1',
  type: 'slash_commands',
  payload: { command: '/runbook', text: `classify curl -H "Authorization: Bearer ${TOKEN}" --aws-key ${AWS}` },
});

describe('Bolt and Socket Mode log lines', () => {
  it('never carry a secret a person typed, even at debug where whole payloads are logged', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = boltLogger(createLogger({ level: 'debug', destination }));
    log.debug(`Received a message on the WebSocket: ${envelope}`);
    log.error('An unhandled error occurred', { text: `export GITHUB_TOKEN=${TOKEN}` });
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).not.toContain(TOKEN);
      expect(line).not.toContain(AWS);
      expect(line).toContain('[REDACTED');
    }
    expect(lines[0]).toContain('Received a message on the WebSocket');
  });
});
