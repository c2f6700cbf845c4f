import type { KnownBlock, View } from '@slack/types';
import { esc, LIMITS, mrkdwn, plain, truncate } from './text.js';

/** The "Why?" modal: one turn's audit bundle, readable. */
export interface WhyView {
  signals: Record<string, number>;
  params: { mode: string; temperature: number; maxOutputTokens: number; tools: string[]; because: string };
  policyVersion: string;
  model: string;
  toolCalls: Array<{ name: string; arguments: string; outcome: string; evidenceId: string | null }>;
  tokens: { input: number; output: number };
  latencyMs: number;
  stopped: string[];
  style: Record<string, unknown> | null;
}

const bar = (v: number) => '▮'.repeat(Math.round(v * 5)).padEnd(5, '▯');

export function whyModal(view: WhyView): View {
  const signals = Object.entries(view.signals)
    .map(([k, v]) => `\`${bar(v)}\` ${esc(k)} ${v.toFixed(2)}`)
    .join('\n');
  const calls =
    view.toolCalls
      .map(
        (c, i) =>
          `${i + 1}. \`${esc(c.name)}\` ${esc(truncate(c.arguments, 200))} → *${esc(c.outcome)}*${c.evidenceId ? ` [${c.evidenceId}]` : ''}`,
      )
      .join('\n') || 'No tool was called.';
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn(`*Risk signals*\n${signals}`) },
    {
      type: 'section',
      text: mrkdwn(
        `*Chosen:* ${esc(view.params.mode)} mode (${esc(view.params.because)}) · temperature ${view.params.temperature} · at most ${view.params.maxOutputTokens} output tokens\n*Tools allowed:* ${view.params.tools.map(esc).join(', ')}`,
      ),
    },
    { type: 'section', text: mrkdwn(truncate(`*Tool calls*\n${calls}`, LIMITS.sectionText)) },
    {
      type: 'context',
      elements: [
        mrkdwn(
          `Policy ${esc(view.policyVersion)} · model ${esc(view.model)} · ${view.tokens.input}+${view.tokens.output} tokens · ${view.latencyMs} ms${view.stopped.length ? ` · stopped: ${esc(view.stopped.join(', '))}` : ''}${view.style ? ` · style ${esc(JSON.stringify(view.style))}` : ''}`,
        ),
      ],
    },
  ];
  return {
    type: 'modal',
    title: plain('Why this answer', LIMITS.modalTitle),
    close: plain('Close', 24),
    blocks,
  };
}
