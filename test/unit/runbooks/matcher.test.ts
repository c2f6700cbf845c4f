import { describe, expect, it } from 'vitest';
import { compileRunbook } from '../../../src/runbooks/index.js';
import { type AlertForMatching, MIN_MATCH_SCORE, scoreCandidates } from '../../../src/runbooks/matcher.js';
import type { StoredVersion, TextHit } from '../../../src/runbooks/repo.js';

/** A stored version as the repo returns it, compiled from a small real runbook. */
function version(
  id: string,
  meta: { title: string; alerts?: string[]; services?: string[]; steps?: number },
): StoredVersion {
  const steps = Array.from(
    { length: meta.steps ?? 2 },
    (_, i) => `${i + 1}. Check part ${i + 1}: \`kubectl get pods -l part=${i + 1}\``,
  );
  const text = [
    '---',
    `title: ${meta.title}`,
    `alerts: [${(meta.alerts ?? []).join(', ')}]`,
    `services: [${(meta.services ?? []).join(', ')}]`,
    '---',
    '',
    '## Diagnosis',
    '',
    ...steps,
    '',
  ].join('\n');
  const compiled = compileRunbook(text);
  return {
    id,
    runbookId: `rb-${id}`,
    slug: id,
    version: 1,
    title: compiled.title,
    sourceSha256: compiled.source.sha256,
    sourceKind: 'file',
    compiled,
    services: compiled.metadata.services,
    alerts: compiled.metadata.alerts,
    keywords: compiled.metadata.keywords,
    trustLevel: 0,
    approvers: [],
    createdBy: 'test',
    createdAt: new Date(0),
    locked: false,
  };
}

const crash = version('crash', {
  title: 'Pod is crash looping',
  alerts: ['KubePodCrashLooping'],
  services: ['kubernetes'],
  steps: 3,
});
const disk = version('disk', {
  title: 'Disk nearly full',
  alerts: ['NodeFilesystemAlmostOutOfSpace', 'Disk Space Low'],
  services: ['nodes'],
});
const redis = version('redis', {
  title: 'Redis memory high',
  alerts: ['RedisMemoryHigh'],
  services: ['redis', 'cache'],
});
const api = version('api', {
  title: 'API latency is high',
  alerts: ['HighRequestLatency'],
  services: ['payments-api'],
});
const LIBRARY = [crash, disk, redis, api];

const alert = (title: string, service: string | null = null, keywords: string[] = []): AlertForMatching => ({
  title,
  service,
  keywords,
});
const hit = (v: StoredVersion, rank: number): TextHit => ({ versionId: v.id, rank });

describe('scoreCandidates: alert → best runbook, with a score, a reason and the runners-up', () => {
  it('picks the runbook whose alert name appears in the title, whatever the punctuation around it', () => {
    const result = scoreCandidates(alert('[FIRING:1] KubePodCrashLooping payments/api-xyz'), LIBRARY, []);
    expect(result.best).toEqual({
      versionId: 'crash',
      title: 'Pod is crash looping',
      score: 0.9,
      reason: 'alert name “KubePodCrashLooping” is a key of this runbook',
      stepCount: 3,
    });
    expect(result.runnersUp).toEqual([]);
  });

  it('is sure (1.0) when the alert name and the service both match', () => {
    const result = scoreCandidates(alert('KubePodCrashLooping: pod payments/api-7d9f', 'Kubernetes'), LIBRARY, []);
    expect(result.best).toMatchObject({
      versionId: 'crash',
      score: 1,
      reason: 'alert name “KubePodCrashLooping” is a key of this runbook and service “Kubernetes” matches',
    });
  });

  it('matches an alert name case-insensitively, but only as a whole word', () => {
    expect(scoreCandidates(alert('kubepodcrashlooping in prod'), LIBRARY, []).best?.versionId).toBe('crash');
    expect(scoreCandidates(alert('KubePodCrashLoopingWarning in prod'), LIBRARY, []).best).toBeNull();
    expect(scoreCandidates(alert('NotHighRequestLatency'), LIBRARY, []).best).toBeNull();
  });

  it('matches a multi-word alert name as a phrase, not as scattered words', () => {
    expect(scoreCandidates(alert('Disk space low on db-1'), LIBRARY, []).best).toMatchObject({
      versionId: 'disk',
      score: 0.9,
    });
    expect(scoreCandidates(alert('Low: disk has space'), LIBRARY, []).best).toBeNull();
  });

  it('finds the alert name in the alert’s keywords (labels) too', () => {
    const result = scoreCandidates(alert('Memory alert on cache-01', null, ['alertname=RedisMemoryHigh']), LIBRARY, []);
    expect(result.best).toMatchObject({ versionId: 'redis', score: 0.9 });
  });

  it('falls back to the service, which beats any full-text match', () => {
    const result = scoreCandidates(alert('Error budget burning', 'payments-api'), LIBRARY, [
      hit(disk, 0.9),
      hit(api, 0.5),
    ]);
    expect(result.best).toEqual({
      versionId: 'api',
      title: 'API latency is high',
      score: 0.68, // 0.5 + 0.45 × 0.5 × 0.8
      reason: 'service “payments-api” matches and the alert text is similar',
      stepCount: 2,
    });
    expect(result.runnersUp).toEqual([
      {
        versionId: 'disk',
        title: 'Disk nearly full',
        score: 0.41, // 0.45 × 0.9
        reason: 'the alert text is similar to this runbook (full-text search)',
        stepCount: 2,
      },
    ]);
  });

  it('matches a service alone at 0.5, with a reason that says only that', () => {
    const result = scoreCandidates(alert('Something is off', 'cache'), LIBRARY, []);
    expect(result.best).toMatchObject({ versionId: 'redis', score: 0.5, reason: 'service “cache” matches' });
  });

  it('takes a strong full-text match when no key or service matches, and says it was full-text', () => {
    const result = scoreCandidates(alert('disk almost full on /var'), LIBRARY, [hit(disk, 0.83)]);
    expect(result.best).toMatchObject({
      versionId: 'disk',
      score: 0.37,
      reason: 'the alert text is similar to this runbook (full-text search)',
    });
  });

  it('offers nothing rather than a runbook that shares one word with the alert', () => {
    // "Payment gateway returns HTTP 500 errors": each of these shares one incidental word, ts_rank_cd ≈ 0.29.
    const weak = [hit(api, 0.2857), hit(crash, 0.2857), hit(disk, 0.2857), hit(redis, 0.2857)];
    const result = scoreCandidates(alert('Payment gateway returns HTTP 500 errors'), LIBRARY, weak);
    expect(result).toEqual({ best: null, runnersUp: [] });
  });

  it('scores full text by its own strength, not relative to the best hit', () => {
    const alone = scoreCandidates(alert('Nightly backup job failed'), LIBRARY, [hit(crash, 0.3)]);
    expect(alone.best).toBeNull();
    const strong = scoreCandidates(alert('redis memory high on primary'), LIBRARY, [hit(redis, 0.95), hit(api, 0.3)]);
    expect(strong.best).toMatchObject({ versionId: 'redis', score: 0.43 });
    expect(strong.runnersUp).toEqual([]); // 0.45 × 0.3 = 0.135 < MIN_MATCH_SCORE
  });

  it('orders the runners-up by score, then title; never repeats the best; offers at most three', () => {
    const extra = version('zeta', { title: 'Zeta pods crash looping', alerts: ['KubePodCrashLooping'] });
    const alpha = version('alpha', { title: 'Alpha pods crash looping', alerts: ['KubePodCrashLooping'] });
    const library = [...LIBRARY, extra, alpha];
    const result = scoreCandidates(alert('KubePodCrashLooping payments', 'kubernetes'), library, [
      hit(disk, 0.7),
      hit(api, 0.9),
      hit(redis, 0.6),
    ]);
    expect(result.best?.versionId).toBe('crash');
    expect(result.runnersUp.map((r) => [r.versionId, r.score])).toEqual([
      ['alpha', 0.9],
      ['zeta', 0.9],
      ['api', 0.41],
    ]);
    expect(result.runnersUp.map((r) => r.versionId)).not.toContain('crash');
    for (const r of result.runnersUp) expect(r.score).toBeGreaterThanOrEqual(MIN_MATCH_SCORE);
    expect(result.runnersUp.map((r) => r.score)).toEqual(
      [...result.runnersUp.map((r) => r.score)].sort((a, b) => b - a),
    );
  });

  it('ignores hits for versions it was not given (another tenant’s, or an old version)', () => {
    const result = scoreCandidates(alert('disk almost full'), [redis], [{ versionId: 'disk', rank: 0.99 }]);
    expect(result).toEqual({ best: null, runnersUp: [] });
  });

  it('matches nothing in an empty library', () => {
    expect(scoreCandidates(alert('KubePodCrashLooping'), [], [])).toEqual({ best: null, runnersUp: [] });
  });
});

describe('runbooks named after their alert', () => {
  it('match the CamelCase alert name without an alerts: key', async () => {
    const { scoreCandidates } = await import('../../../src/runbooks/matcher.js');
    const upstream = {
      id: 'v-upstream',
      title: 'Kube Pod Crash Looping',
      alerts: [],
      services: [],
      compiled: { steps: [{}, {}] },
    } as unknown as Parameters<typeof scoreCandidates>[1][number];
    const short = { ...upstream, id: 'v-short', title: 'Disk' } as typeof upstream;
    const result = scoreCandidates(
      { title: '[FIRING:1] KubePodCrashLooping payments/api', service: null, keywords: [] },
      [upstream],
      [],
    );
    expect(result.best).toMatchObject({
      versionId: 'v-upstream',
      score: 0.85,
      reason: 'its title spells the alert name',
    });
    // Short titles are too generic to count as alert names.
    expect(scoreCandidates({ title: 'Disk alert', service: null, keywords: [] }, [short], []).best).toBeNull();
  });
});
