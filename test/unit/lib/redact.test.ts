import { describe, expect, it } from 'vitest';
import { createStreamingRedactor, isSecretKey, redactSecrets } from '../../../src/lib/redact.js';

// Fake credentials shaped like the real thing (none of these are live).
const AWS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const SLACK_BOT = 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx';
const SLACK_APP = 'xapp-1-A0123456789-1234567890123-abcdef0123456789';
const GH_PAT = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
const GH_FINE = 'github_pat_11ABCDEFG0abcdefghijkl_mnopqrstuvwxyz0123456789ABCDEFGHIJ';
const OPENAI = 'sk-proj-Abcdefghijklmnopqrstuvwxyz0123456789';
const GOOGLE = 'AIzaSyA-abcdefghijklmnopqrstuvwxyz01234';
const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

interface Case {
  name: string;
  input: string;
  expected: string;
}

// Each positive case names the exact expected text: the secret gone, the key still visible.
const POSITIVE: Case[] = [
  { name: 'AWS access key id', input: `key id ${AWS_KEY_ID} ok`, expected: 'key id [REDACTED:aws-key-id] ok' },
  {
    name: 'AWS STS key id',
    input: 'AccessKeyId: ASIAY34FZKBOKMUTVV7A',
    expected: 'AccessKeyId: [REDACTED:aws-key-id]',
  },
  {
    name: 'aws_secret_access_key',
    input: `aws_secret_access_key = ${AWS_SECRET}`,
    expected: 'aws_secret_access_key = [REDACTED:aws-secret]',
  },
  { name: 'Slack bot token', input: `token is ${SLACK_BOT}.`, expected: 'token is [REDACTED:slack-token].' },
  { name: 'Slack app token', input: `app ${SLACK_APP}`, expected: 'app [REDACTED:slack-token]' },
  {
    name: 'Slack webhook URL',
    input: 'POST https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX done',
    expected: 'POST https://hooks.slack.com/services/[REDACTED:slack-webhook] done',
  },
  { name: 'GitHub classic token', input: `using ${GH_PAT}`, expected: 'using [REDACTED:github-token]' },
  { name: 'GitHub fine-grained token', input: `using ${GH_FINE}`, expected: 'using [REDACTED:github-token]' },
  { name: 'OpenAI key', input: `OPENAI ${OPENAI}`, expected: 'OPENAI [REDACTED:api-key]' },
  { name: 'Google API key', input: `maps ${GOOGLE}`, expected: 'maps [REDACTED:google-api-key]' },
  { name: 'JWT', input: `cookie ${JWT};`, expected: 'cookie [REDACTED:jwt];' },
  {
    name: 'Authorization: Bearer',
    input: 'curl -H "Authorization: Bearer abcdef0123456789abcdef" https://api',
    expected: 'curl -H "Authorization: Bearer [REDACTED]" https://api',
  },
  {
    name: 'Authorization: Basic',
    input: '> Authorization: Basic dXNlcjpwYXNzd29yZA==',
    expected: '> Authorization: Basic [REDACTED]',
  },
  {
    name: 'bare bearer token',
    input: 'sent bearer Zm9vYmFyYmF6cXV4MTIzNDU2',
    expected: 'sent bearer [REDACTED]',
  },
  {
    name: 'URL with credentials',
    input: 'connecting to postgres://app:s3cr3t@db.internal:5432/app',
    expected: 'connecting to postgres://app:[REDACTED]@db.internal:5432/app',
  },
  {
    name: 'URL with password only',
    input: 'REDIS=redis://:hunter2@redis:6379/0',
    expected: 'REDIS=redis://:[REDACTED]@redis:6379/0',
  },
  {
    name: 'ADO.NET connection string',
    input: 'Server=db;User Id=sa;Password=p@ss w0rd;Database=app',
    expected: 'Server=db;User Id=sa;Password=[REDACTED] w0rd;Database=app',
  },
  {
    name: 'Azure storage connection string',
    input: 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=abc123+/==;EndpointSuffix=core',
    expected: 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=[REDACTED];EndpointSuffix=core',
  },
  { name: 'password= (env)', input: 'DB_PASSWORD=hunter2', expected: 'DB_PASSWORD=[REDACTED]' },
  { name: 'export TOKEN=', input: 'export GITHUB_TOKEN=abc123', expected: 'export GITHUB_TOKEN=[REDACTED]' },
  { name: 'passwd: (yaml, spaces)', input: '  passwd: correct horse battery', expected: '  passwd: [REDACTED]' },
  {
    name: 'JSON "password"',
    input: '{"user": "bob", "password": "hun\\"ter 2", "id": 3}',
    expected: '{"user": "bob", "password": "[REDACTED]", "id": 3}',
  },
  {
    name: 'secret= in a log line',
    input: 'ts=1 msg=ok secret=s3cr3t next=1',
    expected: 'ts=1 msg=ok secret=[REDACTED] next=1',
  },
  {
    name: 'api_key= query string',
    input: 'GET /v1?q=1&api_key=abc123&x=2',
    expected: 'GET /v1?q=1&api_key=[REDACTED]&x=2',
  },
  { name: 'token: single-quoted', input: "auth: {token: 'abc 123'}", expected: "auth: {token: '[REDACTED]'}" },
  { name: 'unterminated quote', input: 'password="abc123', expected: 'password="[REDACTED]' },
  {
    name: 'curl -u user:pass',
    input: 'curl -u admin:hunter2 https://x',
    expected: 'curl -u admin:[REDACTED] https://x',
  },
];

const NEGATIVE: Array<{ name: string; input: string }> = [
  { name: 'AKIA too short', input: 'AKIA1234 is not a key' },
  { name: 'lowercase akia', input: 'akiaiosfodnn7example' },
  { name: 'aws secret key named in prose', input: 'set aws_secret_access_key in ~/.aws/credentials' },
  { name: 'xoxb without a body', input: 'use an xoxb- token here' },
  { name: 'ghp_ too short', input: 'ghp_short' },
  { name: 'sk- in a word', input: 'the task-runner-abcdefghijklmnopqrstuvwxyz is done' },
  { name: 'short sk-', input: 'scikit sk-learn' },
  { name: 'AIza too short', input: 'AIzaShort' },
  { name: 'eyJ without three parts', input: 'eyJhbGciOiJIUzI1NiJ9 only' },
  { name: 'bearer in prose', input: 'Bearer tokens are used for auth' },
  { name: 'Basic in prose', input: 'Basic checks passed' },
  { name: 'URL without password', input: 'https://user@example.com/path and https://example.com:8443/x' },
  { name: 'secret-ish key naming a thing', input: 'secretName: my-app-tls' },
  { name: 'token count', input: 'max_tokens: 500' },
  { name: 'token file path', input: 'token_file=/var/run/secrets/token' },
  { name: 'PWD is the working directory', input: 'PWD=/home/oncall' },
  { name: 'placeholder value', input: 'password: null' },
  { name: 'variable reference', input: 'password=$DB_PASSWORD' },
  { name: 'ordinary key/value', input: 'status=200 path=/api/v1 user=bob' },
  { name: 'passed tests', input: 'tests_passed=12 failed=0' },
  { name: 'kubectl table', input: 'NAME         TYPE     DATA   AGE\ndb-creds     Opaque   2      3d' },
];

describe('redactSecrets: each pattern', () => {
  it.each(POSITIVE)('redacts $name', ({ input, expected }) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it.each(NEGATIVE)('leaves alone: $name', ({ input }) => {
    expect(redactSecrets(input)).toBe(input);
  });

  it('keeps secret-looking key detection narrow', () => {
    expect(isSecretKey('client_secret')).toBe(true);
    expect(isSecretKey('SessionToken')).toBe(true);
    expect(isSecretKey('secretKeyRef')).toBe(false);
    expect(isSecretKey('token_type')).toBe(false);
  });

  it('preserves line terminators, including CRLF', () => {
    expect(redactSecrets('a\r\npassword=x\r\nb\n')).toBe('a\r\npassword=[REDACTED]\r\nb\n');
  });
});

describe('redactSecrets: PEM private keys', () => {
  const pem = [
    '-----BEGIN RSA PRIVATE KEY-----',
    'MIIEpAIBAAKCAQEA1c7+9z5Pad7OejecsQ0bu3aumC9V0yM2bSzS0DKgexample',
    'Proc-Type: 4,ENCRYPTED',
    'AbCdEf0123456789+/AbCdEf0123456789+/AbCdEf0123456789+/AbCdEf==',
    '-----END RSA PRIVATE KEY-----',
  ].join('\n');

  it('replaces the body with one placeholder line, keeping BEGIN/END', () => {
    expect(redactSecrets(`before\n${pem}\nafter\n`)).toBe(
      'before\n-----BEGIN RSA PRIVATE KEY-----\n[REDACTED:private-key]\n-----END RSA PRIVATE KEY-----\nafter\n',
    );
  });

  it('handles a key inline with escaped newlines (service-account JSON)', () => {
    const json =
      '{"private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBg\\n-----END PRIVATE KEY-----\\n", "x": 1}';
    const out = redactSecrets(json);
    expect(out).not.toContain('MIIEvQIBADANBg');
    expect(out).toContain('"x": 1');
  });

  it('resumes normal output when a BEGIN line is not followed by key material', () => {
    const grep = 'keys/a.pem:-----BEGIN OPENSSH PRIVATE KEY-----\nfound 1 match in 3 files.\n';
    expect(redactSecrets(grep)).toBe(grep);
  });
});

describe('redactSecrets: Kubernetes Secret data', () => {
  it('hides data: and stringData: values in YAML and keeps ConfigMap-like plain values', () => {
    const yaml = [
      'apiVersion: v1',
      'data:',
      '  password: aHVudGVyMg==',
      '  username: YWRtaW4=',
      '  log-level: debug',
      'kind: Secret',
      'stringData:',
      '  note: |',
      '    first secret line',
      '    second secret line',
      '  plain: hello world',
      'metadata:',
      '  name: db-creds',
      '',
    ].join('\n');
    expect(redactSecrets(yaml)).toBe(
      [
        'apiVersion: v1',
        'data:',
        '  password: [REDACTED:k8s-secret]',
        '  username: [REDACTED:k8s-secret]',
        '  log-level: debug',
        'kind: Secret',
        'stringData:',
        '  note: |',
        '    [REDACTED:k8s-secret]',
        '    [REDACTED:k8s-secret]',
        '  plain: [REDACTED:k8s-secret]',
        'metadata:',
        '  name: db-creds',
        '',
      ].join('\n'),
    );
  });

  it('hides data values in a List (indented data:)', () => {
    const yaml = 'items:\n- apiVersion: v1\n  data:\n    tls.key: LS0tLS1CRUdJTg==\n  kind: Secret\n';
    expect(redactSecrets(yaml)).toBe(
      'items:\n- apiVersion: v1\n  data:\n    tls.key: [REDACTED:k8s-secret]\n  kind: Secret\n',
    );
  });

  it('hides data values in pretty and compact JSON', () => {
    const pretty =
      '{\n  "data": {\n    "token": "aHVudGVyMg==",\n    "ca.crt": "Y2VydA=="\n  },\n  "kind": "Secret"\n}';
    const out = redactSecrets(pretty);
    expect(out).toContain('"ca.crt": "[REDACTED:k8s-secret]"');
    expect(out).not.toMatch(/aHVudGVyMg|Y2VydA/);
    expect(out).toContain('"kind": "Secret"');
    const compact = '{"data":{"DB_URL":"cG9zdGdyZXM6Ly8="},"kind":"Secret"}';
    expect(redactSecrets(compact)).toBe('{"data":{"DB_URL":"[REDACTED:k8s-secret]"},"kind":"Secret"}');
  });
});

describe('createStreamingRedactor', () => {
  const text = [
    'starting',
    `export AWS_SECRET_ACCESS_KEY=${AWS_SECRET}`,
    `slack ${SLACK_BOT} and ${GH_PAT}`,
    'url postgres://app:s3cr3t@db/app',
    '-----BEGIN EC PRIVATE KEY-----',
    'MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5owkIBiV3Q1uhoAoGCCqGSM49',
    '-----END EC PRIVATE KEY-----',
    'data:',
    '  password: aHVudGVyMg==',
    'done',
    '',
  ].join('\n');
  const secrets = [AWS_SECRET, SLACK_BOT, GH_PAT, 's3cr3t', 'MHcCAQEE', 'aHVudGVyMg=='];

  function streamed(chunks: string[]): string {
    const r = createStreamingRedactor();
    return chunks.map((c) => r.push(c)).join('') + r.flush();
  }

  it('gives the same result as whole-text redaction for every two-chunk split', () => {
    const whole = redactSecrets(text);
    for (const secret of secrets) expect(whole).not.toContain(secret);
    for (let i = 0; i <= text.length; i++) {
      expect(streamed([text.slice(0, i), text.slice(i)])).toBe(whole);
    }
  });

  it('catches secrets fed one character at a time', () => {
    expect(streamed([...text])).toBe(redactSecrets(text));
  });

  it('returns only whole lines from push and holds the partial line until flush', () => {
    const r = createStreamingRedactor();
    expect(r.push('line one\npassword=hun')).toBe('line one\n');
    expect(r.push('ter2')).toBe('');
    expect(r.flush()).toBe('password=[REDACTED]');
    expect(r.flush()).toBe('');
  });

  it('releases an over-long partial line, cutting at whitespace so tokens stay whole', () => {
    const r = createStreamingRedactor({ maxLineLength: 100 });
    const filler = 'x'.repeat(80);
    const out = r.push(`${filler} ${GH_PAT} tail`);
    // the cut lands on the space before the token; the token waits for the rest of its line
    expect(out).toBe(`${filler} `);
    expect(r.push('\n')).toBe('[REDACTED:github-token] tail\n');
  });

  it('bounds memory of a line that never ends', () => {
    const r = createStreamingRedactor({ maxLineLength: 1000 });
    let released = 0;
    for (let i = 0; i < 1000; i++) released += r.push('y'.repeat(1000)).length;
    expect(released).toBeGreaterThanOrEqual(999_000);
    expect(r.flush().length).toBeLessThanOrEqual(1000);
  });
});

describe('redaction cost', () => {
  const MB = 1024 * 1024;
  // Catastrophic backtracking would take minutes on these; the test timeout is the guard.
  const inputs: Array<[string, string]> = [
    ['ordinary log lines', 'INFO request handled in 12ms path=/api/v1/things status=200\n'.repeat(MB / 60)],
    ['keyword-dense lines', 'password=abc token: xyz key=val https://u:p@h/ eyJa.eyJb.c data:\n'.repeat(MB / 64)],
    ['one huge identifier', `${'a'.repeat(MB)}=password`],
    ['repeated separators', 'token='.repeat(MB / 6)],
    ['unterminated quoted escapes', `password="${'\\"'.repeat(MB / 2)}`],
    ['a long run of spaces', `password: a${' '.repeat(MB)}b`],
    ['many scheme prefixes', 'x://'.repeat(MB / 4)],
    ['many BEGIN markers', '-----BEGIN PRIVATE KEY-----'.repeat(MB / 27)],
    ['many authorization headers', 'authorization: '.repeat(MB / 15)],
  ];

  it.each(inputs)('redacts 1 MB of %s quickly', { timeout: 3000 }, (_name, input) => {
    const out = redactSecrets(input);
    expect(out.length).toBeGreaterThan(0);
    expect(out).not.toMatch(/password=abc|:p@h/);
  });
});
