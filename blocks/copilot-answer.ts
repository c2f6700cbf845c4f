import type { KnownBlock } from '@slack/types';
import { encodeValue } from '../src/slack/codecs.js';
import { ACTIONS } from '../src/slack/ids.js';
import { esc, LIMITS, mrkdwn, truncate } from './text.js';

/** A copilot reply in an incident thread: placeholder, answer, and the "off" notice. */
export interface AnswerView {
  turnId: string;
  lines: Array<{ text: string; cites: string[]; hypothesis: boolean }>;
  evidence: Array<{ id: string; label: string }>;
  confidence: number;
  capReason: string | null;
  mode: 'strict' | 'balanced';
  /** What the turn could not finish (limits, model failure), in words. */
  unfinished: string[];
  /** Answer length cap from the team's style. */
  maxChars: number;
}

export function placeholderMessage(): { text: string; blocks: KnownBlock[] } {
  return { text: '…', blocks: [{ type: 'context', elements: [mrkdwn('… the copilot is looking into it')] }] };
}

export function copilotOffMessage(): { text: string; blocks: KnownBlock[] } {
  const text =
    'The copilot is off: no language model is configured. Set OPENAI_API_KEY (and OPENAI_BASE_URL for a compatible server) and restart to turn it on. Everything else works as before.';
  return { text, blocks: [{ type: 'section', text: mrkdwn(`🤖 ${esc(text)}`) }] };
}

function lineText(line: AnswerView['lines'][number]): string {
  const text = esc(line.text);
  return line.hypothesis && line.text.trim() ? `${text} _(hypothesis: no evidence cited)_` : text;
}

function ratingButtons(turnId: string): KnownBlock {
  return {
    type: 'actions',
    block_id: 'copilot_feedback',
    elements: [
      {
        type: 'button',
        action_id: ACTIONS.copilotWhy,
        text: { type: 'plain_text', text: 'Why?' },
        value: encodeValue('turn', { t: turnId }),
      },
      ...[1, 2, 3, 4, 5].map((r) => ({
        type: 'button' as const,
        action_id: `${ACTIONS.copilotRate}_${r}`,
        text: { type: 'plain_text' as const, text: `${r}` },
        value: encodeValue('rate', { t: turnId, r }),
      })),
    ],
  };
}

export function answerMessage(view: AnswerView): { text: string; blocks: KnownBlock[] } {
  const body = truncate(view.lines.map(lineText).join('\n') || '_(the model gave no answer)_', view.maxChars);
  const cited = new Set(view.lines.flatMap((l) => l.cites));
  const evidence = view.evidence
    .filter((e) => cited.has(e.id))
    .map((e) => `[${e.id}] ${esc(e.label)}`)
    .join(' · ');
  const pct = Math.round(view.confidence * 100);
  const confidence = `Confidence ${pct}%${view.capReason ? ` (capped: ${esc(view.capReason)})` : ''} · ${view.mode} mode`;
  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwn(truncate(body, LIMITS.sectionText)) }];
  if (view.unfinished.length) {
    blocks.push({ type: 'context', elements: [mrkdwn(`⚠️ ${esc(view.unfinished.join(' '))}`)] });
  }
  blocks.push({
    type: 'context',
    elements: [
      mrkdwn(truncate(`${evidence ? `Evidence: ${evidence} · ` : 'No evidence cited · '}${confidence}`, 2000)),
    ],
  });
  blocks.push(ratingButtons(view.turnId));
  return { text: truncate(view.lines.map((l) => l.text).join(' ') || 'The copilot answered.', 300), blocks };
}

/** The copilot could not answer at all (the model failed before saying anything). */
export function failedAnswerMessage(turnId: string, reason: string): { text: string; blocks: KnownBlock[] } {
  const text = `The copilot could not answer: ${reason}. Nothing was run or changed; ask again in a moment.`;
  return {
    text,
    blocks: [{ type: 'section', text: mrkdwn(`⚠️ ${esc(text)}`) }, ratingButtons(turnId)],
  };
}
