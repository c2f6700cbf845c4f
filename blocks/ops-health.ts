import type { KnownBlock } from '@slack/types';
import { duration } from './ops-format.js';
import { esc, mrkdwn, truncate } from './text.js';

/** Ops channel: a health check's failure episode opened, recovered, or flapping. */
export interface HealthNoticeView {
  kind: 'alert' | 'recovered' | 'flapping' | 'stable_ok' | 'stable_failing';
  check: string;
  critical: boolean;
  detail: string;
  /** How long the episode lasted (recovered) or has lasted. */
  episodeMs: number | null;
  flapWindowMinutes: number;
}

export function healthNoticeMessage(v: HealthNoticeView): { text: string; blocks: KnownBlock[] } {
  const text = headline(v);
  return {
    text,
    blocks: [
      { type: 'section', text: mrkdwn(`*${esc(text)}*\n${esc(truncate(v.detail, 2500))}`) },
      { type: 'context', elements: [mrkdwn(footer(v))] },
    ],
  };
}

function headline(v: HealthNoticeView): string {
  const icon = v.critical ? '🔴' : '🟠';
  switch (v.kind) {
    case 'alert':
      return `${icon} ${v.check} is failing`;
    case 'recovered':
      return `✅ ${v.check} recovered after ${duration(v.episodeMs)}`;
    case 'flapping':
      return `〰️ ${v.check} is flapping: alerts for it are held until it is stable for ${v.flapWindowMinutes} min`;
    case 'stable_ok':
      return `✅ ${v.check} is stable again and healthy`;
    case 'stable_failing':
      return `${icon} ${v.check} stopped flapping and is failing`;
  }
}

function footer(v: HealthNoticeView): string {
  if (v.kind === 'alert')
    return 'One message per failure episode; a “recovered” message follows when it clears. /readyz and /metrics show the same check.';
  return 'Health checks run on OPS_CRON_HEALTH; thresholds are HEALTH_* variables.';
}
