import { describe, expect, it } from 'vitest';
import { stormSummaryMessage } from '../../../blocks/storm-summary.js';
import { decodeValue } from '../../../src/slack/codecs.js';
import { ACTIONS } from '../../../src/slack/ids.js';

const incident = (n: number) => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  title: `Disk filling on node-${n}`,
  service: `node-${n}`,
  urgency: n % 2 ? 'high' : null,
  source: 'alertmanager',
});

describe('the storm summary', () => {
  it('names each held-back alert with an Open button carrying its incident', () => {
    const message = stormSummaryMessage({
      windowSeconds: 60,
      incidents: [incident(1), incident(2)],
      budgetPerMinute: 12,
    });
    expect(message.text).toMatch(/^🌩️ 2 more alerts in the last minute: Disk filling on node-1; Disk filling on node-2/);
    const sections = message.blocks.filter((b) => b.type === 'section') as Array<{
      text: { text: string };
      accessory: { action_id: string; value: string };
    }>;
    expect(sections.map((s) => s.text.text)).toEqual([
      '*Disk filling on node-1* · service *node-1* · urgency high · via alertmanager',
      '*Disk filling on node-2* · service *node-2* · via alertmanager',
    ]);
    expect(sections.every((s) => s.accessory.action_id === ACTIONS.openIncident)).toBe(true);
    expect(decodeValue('incident', sections[1]!.accessory.value)).toEqual({ i: incident(2).id });
  });

  it('says seconds when the period is not whole minutes, and stays within Slack’s block limit', () => {
    const message = stormSummaryMessage({
      windowSeconds: 30,
      incidents: Array.from({ length: 20 }, (_, n) => incident(n)),
      budgetPerMinute: 12,
    });
    expect(message.text.startsWith('🌩️ 20 more alerts in the last 30 seconds')).toBe(true);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
  });
});
