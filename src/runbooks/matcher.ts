import type { StoredVersion, TextHit } from './repo.js';

/**
 * Alert → best runbook, with a score in [0, 1], a reason a person can check, and the
 * runners-up. Exact alert-name keys come first, then the service, then full-text rank.
 */
export interface AlertForMatching {
  title: string;
  service: string | null;
  keywords: string[];
}

export interface MatchCandidate {
  versionId: string;
  title: string;
  score: number;
  reason: string;
  stepCount: number;
}

export interface MatchResult {
  best: MatchCandidate | null;
  runnersUp: MatchCandidate[];
}

/** Below this nothing is offered: a wrong runbook at 3 a.m. is worse than none. */
export const MIN_MATCH_SCORE = 0.25;

export function scoreCandidates(alert: AlertForMatching, versions: StoredVersion[], hits: TextHit[]): MatchResult {
  const haystack = normalise(`${alert.title} ${alert.keywords.join(' ')}`);
  const words = new Set(haystack.split(' ').filter(Boolean));
  const service = alert.service ? normalise(alert.service) : null;
  const candidates: MatchCandidate[] = versions.map((v) => {
    // Runbooks named after their alert ("Kube Pod Crash Looping" for KubePodCrashLooping, as upstream
    // runbook collections are) match that alert name even without an `alerts:` key.
    const titleKey = normalise(v.title).replace(/ /g, '');
    const explicitKey = v.alerts.find((a) => containsPhrase(haystack, words, normalise(a)));
    const key = explicitKey ?? (titleKey.length >= 8 && words.has(titleKey) ? v.title : undefined);
    const serviceHit = service !== null && v.services.some((s) => normalise(s) === service);
    const hit = hits.find((h) => h.versionId === v.id);
    // Full-text rank, worth at most 0.45. Absolute (ts_rank_cd normalised to [0, 1)), never relative to the
    // best hit: otherwise one word shared with the alert ("failed") would make some runbook a 0.45 match.
    const text = hit ? 0.45 * Math.min(1, Math.max(0, hit.rank)) : 0;
    let score: number;
    let reason: string;
    if (key) {
      // An author's explicit key outranks a title that merely spells the alert name.
      score = (serviceHit ? 1 : 0.9) - (explicitKey ? 0 : 0.05);
      reason = explicitKey
        ? `alert name “${key}” is a key of this runbook${serviceHit ? ` and service “${alert.service}” matches` : ''}`
        : `its title spells the alert name${serviceHit ? ` and service “${alert.service}” matches` : ''}`;
    } else if (serviceHit) {
      score = 0.5 + text * 0.8;
      reason = `service “${alert.service}” matches${text > 0 ? ' and the alert text is similar' : ''}`;
    } else {
      score = text;
      reason = 'the alert text is similar to this runbook (full-text search)';
    }
    return { versionId: v.id, title: v.title, score: round(score), reason, stepCount: v.compiled.steps.length };
  });
  const ranked = candidates
    .filter((c) => c.score >= MIN_MATCH_SCORE)
    .sort((a, b) => b.score - a.score || a.title.localeCompare(b.title));
  return { best: ranked[0] ?? null, runnersUp: ranked.slice(1, 4) };
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function containsPhrase(haystack: string, words: Set<string>, phrase: string): boolean {
  if (!phrase) return false;
  if (!phrase.includes(' ')) return words.has(phrase);
  return ` ${haystack} `.includes(` ${phrase} `);
}

function round(n: number): number {
  return Math.round(Math.min(1, Math.max(0, n)) * 100) / 100;
}
