import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { redactCommand } from '../../../src/lib/redact.js';

// Commands as an on-call engineer types or edits them (fake values, never live ones).
const TYPED: Array<[string, string]> = [
  [
    'curl -H "Authorization: Bearer abcdef0123456789abcdef" https://api.example.com/v1/health',
    'curl -H "Authorization: Bearer [REDACTED]" https://api.example.com/v1/health',
  ],
  ["mysql -h db -u root -pS3cretPass! -e 'show processlist'", "mysql -h db -u root -p[REDACTED] -e 'show processlist'"],
  [
    'mysqldump --user=backup --password=S3cret orders > orders.sql',
    'mysqldump --user=backup --password=[REDACTED] orders > orders.sql',
  ],
  ['mongodump --username ops --password hunter2x --db app', 'mongodump --username ops --password [REDACTED] --db app'],
  [
    'pg_dump "postgres://app:S3cret@db.internal/app" > dump.sql',
    'pg_dump "postgres://app:[REDACTED]@db.internal/app" > dump.sql',
  ],
  [
    'curl "https://api.example.com/v1/items?api_key=abc123def456&limit=5"',
    'curl "https://api.example.com/v1/items?api_key=[REDACTED]&limit=5"',
  ],
  ['export GITHUB_TOKEN=abc123def456 && gh pr list', 'export GITHUB_TOKEN=[REDACTED] && gh pr list'],
  [
    'curl -u admin:hunter2x https://jenkins.internal/api/json',
    'curl -u admin:[REDACTED] https://jenkins.internal/api/json',
  ],
  ['PGPASSWORD=hunter2x psql -h db -c "select 1"', 'PGPASSWORD=[REDACTED] psql -h db -c "select 1"'],
  [
    'kubectl create secret generic db --from-literal=password=hunter2x --dry-run=client -o yaml',
    'kubectl create secret generic db --from-literal=password=[REDACTED] --dry-run=client -o yaml',
  ],
  [
    'docker login -u deploy -p hunter2x registry.example.com',
    'docker login -u deploy -p [REDACTED] registry.example.com',
  ],
  ['redis-cli -h cache -a hunter2x --no-auth-warning info', 'redis-cli -h cache -a [REDACTED] --no-auth-warning info'],
  ["sshpass -p 'hunter2x' ssh ops@bastion uptime", "sshpass -p '[REDACTED]' ssh ops@bastion uptime"],
  [
    "cat > ~/.netrc <<'EOF'\nmachine api.example.com login ops password hunter2x\nEOF",
    "cat > ~/.netrc <<'EOF'\nmachine api.example.com login ops password [REDACTED]\nEOF",
  ],
  [
    'git clone https://oauth2:glpat-AbCdEf0123456789xYz1@gitlab.example.com/ops/infra.git',
    'git clone https://oauth2:[REDACTED]@gitlab.example.com/ops/infra.git',
  ],
];

// Where a secret comes from is not a secret: these stay exactly as typed.
const UNCHANGED = [
  'mysql -u app -p"$DB_PASSWORD" -h db',
  'curl -H "Authorization: Bearer $TOKEN" https://api.example.com',
  'export VAULT_TOKEN=$(vault print token)',
  'docker login --password-stdin registry.example.com < /run/secrets/registry',
  'kubectl get secret db-creds -o jsonpath="{.data.password}" | base64 -d | wc -c',
  'mysql -u root -p -h db',
  'psql -h db -p 5432 -U app',
];

describe('redactCommand', () => {
  it.each(TYPED)('redacts %s', (typed, shown) => {
    expect(redactCommand(typed)).toBe(shown);
  });

  it.each(UNCHANGED)('leaves alone %s', (typed) => {
    expect(redactCommand(typed)).toBe(typed);
  });

  it('is stable: redacting a redacted command changes nothing', () => {
    for (const [typed] of TYPED) expect(redactCommand(redactCommand(typed))).toBe(redactCommand(typed));
  });

  it('changes no command of the SRE corpus except the one that carries a password', () => {
    const corpus = readFileSync(new URL('../../fixtures/shared/corpora/sre-commands.jsonl', import.meta.url), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => (JSON.parse(l) as { cmd: string }).cmd);
    const changed = corpus.filter((cmd) => redactCommand(cmd) !== cmd);
    expect(changed).toEqual(['PGPASSWORD=secret psql -h db -U app -c "select 1"']);
  });
});
