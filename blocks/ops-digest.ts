import type { KnownBlock } from '@slack/types';
import { duration, percent } from './ops-format.js';
import { esc, mrkdwn } from './text.js';

/** The daily digest and the weekly health report: one workspace's activity and the ops status. */
export interface DigestView {
  period: 'day' | 'week';
  workspace: string;
  activity: {
    incidents: number;
    runsStarted: number;
    runsCompleted: number;
    runsAborted: number;
    approvals: number;
    stepFailures: number;
    mttrMs: number | null;
  };
  slos: Array<{ slo: string; target: number; attained: number | null; budgetRemaining: number; status: string }>;
  backup: { newestId: string | null; ageMs: number | null; verified: boolean | null; count: number };
  drill: { kind: string; ok: boolean; ageMs: number; rtoMs: number | null; rpoMs: number | null } | null;
  failingChecks: string[];
}

export function digestMessage(v: DigestView): { text: string; blocks: KnownBlock[] } {
  const title = v.period === 'day' ? '📰 Daily digest' : '📊 Weekly health report';
  const a = v.activity;
  const text = `${title} for ${v.workspace}: ${a.incidents} incident(s), ${a.runsStarted} run(s), ${a.stepFailures} step failure(s)`;
  const activity = [
    `*Incidents* ${a.incidents} · *runs* ${a.runsStarted} started, ${a.runsCompleted} completed, ${a.runsAborted} aborted`,
    `*Approvals* ${a.approvals} · *step failures* ${a.stepFailures} · *MTTR* ${duration(a.mttrMs)}`,
  ].join('\n');
  const slos = v.slos
    .map(
      (s) =>
        `${s.status === 'ok' ? '✅' : s.status === 'fast_burn' ? '🔥' : '🟠'} \`${esc(s.slo)}\` ${percent(s.attained)} (target ${percent(s.target)}, budget left ${percent(s.budgetRemaining, 1)})`,
    )
    .join('\n');
  return {
    text,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: `${title} · ${v.workspace}`.slice(0, 150), emoji: true } },
      { type: 'section', text: mrkdwn(activity) },
      { type: 'section', text: mrkdwn(`*SLOs*\n${slos || 'no events yet'}`) },
      { type: 'section', text: mrkdwn(`*Operations*\n${opsLines(v)}`) },
    ],
  };
}

function opsLines(v: DigestView): string {
  const b = v.backup;
  const backup = b.newestId
    ? `💾 newest backup ${duration(b.ageMs)} old, ${b.verified === true ? 'verified ✅' : b.verified === false ? 'FAILED verification ❌' : 'not verified yet'} (${b.count} kept)`
    : '💾 no backup yet';
  const d = v.drill;
  const drill = d
    ? `🧯 last ${d.kind} drill ${d.ok ? 'passed' : 'FAILED'} ${duration(d.ageMs)} ago · RTO ${duration(d.rtoMs)} · RPO ${duration(d.rpoMs)}`
    : '🧯 no restore drill yet';
  const checks = v.failingChecks.length
    ? `🟠 failing checks: ${v.failingChecks.map(esc).join(', ')}`
    : '✅ every health check passes';
  return [backup, drill, checks].join('\n');
}
