import type { KnownBlock } from '@slack/types';
import type { PreviewModel, PreviewStep } from '../src/runbooks/preview.js';
import { esc, LIMITS, markdownToMrkdwn, mrkdwn, plain, truncate } from './text.js';

/** A compiled runbook as an author checks it: steps with badges, variables, prerequisites, open questions. */
export function runbookPreviewBlocks(
  model: PreviewModel,
  identity: { slug: string | null; version: number | null },
  maxBlocks: number = LIMITS.blocksPerMessage,
): KnownBlock[] {
  const c = model.riskCounts;
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(`📘 ${model.title}`, LIMITS.headerText) },
    {
      type: 'context',
      elements: [
        mrkdwn(
          [
            identity.slug ? `\`${esc(identity.slug)}\`${identity.version ? ` v${identity.version}` : ''}` : null,
            `${model.steps.length} steps`,
            `🟢 ${c.safe} 🟡 ${c.caution} 🔴 ${c.dangerous} ⬜ ${c.unknown} 📋 ${c.none}`,
            `${model.compiler} compiler`,
          ]
            .filter(Boolean)
            .join(' · '),
        ),
      ],
    },
  ];
  if (model.prerequisites.length > 0) {
    const lines = model.prerequisites.map(
      (p) => `• ${markdownToMrkdwn(esc(p.text))}${p.command ? ` (\`${esc(truncate(p.command, 80))}\`)` : ''}`,
    );
    blocks.push({
      type: 'section',
      text: mrkdwn(truncate(`*Before you start*\n${lines.join('\n')}`, LIMITS.sectionText)),
    });
  }
  const tail: KnownBlock[] = [];
  if (model.variables.length > 0) {
    const vars = model.variables.map(
      (v) => `\`${esc(v.display)}\`${v.description ? ` (${esc(truncate(v.description, 60))})` : ''}`,
    );
    tail.push({
      type: 'section',
      text: mrkdwn(
        truncate(
          `*Variables*, asked for before the first step that needs them: ${vars.join(', ')}`,
          LIMITS.sectionText,
        ),
      ),
    });
  }
  const questions = [
    ...model.steps.flatMap((s) => s.questions.map((q) => `Step ${s.number}: ${q}`)),
    ...model.runbookQuestions.map((q) => q.question),
  ];
  if (questions.length > 0) {
    tail.push({
      type: 'section',
      text: mrkdwn(
        truncate(`*Questions for the author*\n${questions.map((q) => `• ${esc(q)}`).join('\n')}`, LIMITS.sectionText),
      ),
    });
  }
  if (model.warnings.length > 0) {
    tail.push({
      type: 'context',
      elements: [mrkdwn(truncate(model.warnings.map(esc).join('\n'), LIMITS.contextText))],
    });
  }

  const room = maxBlocks - blocks.length - tail.length - 1;
  const sections: string[] = [];
  let chunk = '';
  let shown = 0;
  for (const s of model.steps) {
    const cmd = s.command
      ? `\n      \`${esc(truncate(s.command.replace(/\s*\n\s*/g, ' '), 150).replace(/`/g, "'"))}\``
      : '';
    const rb = s.rollback ? `\n      ↩️ rollback: \`${esc(truncate(s.rollback, 100).replace(/`/g, "'"))}\`` : '';
    const line = `${s.badge ?? '📋'} *${s.number}.* ${esc(truncate(s.title, 120))}${cmd}${rb}${stepNotes(s)}\n`;
    if (chunk.length + line.length > 2900) {
      if (sections.length + 1 >= room) break;
      sections.push(chunk);
      chunk = '';
    }
    chunk += line;
    shown += 1;
  }
  if (chunk) sections.push(chunk);
  for (const text of sections) blocks.push({ type: 'section', text: mrkdwn(text) });
  if (shown < model.steps.length) {
    blocks.push({ type: 'context', elements: [mrkdwn(`… ${model.steps.length - shown} more steps not shown here.`)] });
  }
  return [...blocks, ...tail].slice(0, maxBlocks);
}

/** Where a step's command runs, which option it belongs to, its warning, whether it ends by itself. */
function stepNotes(s: PreviewStep): string {
  const notes = [
    s.option ? `◇ ${esc(truncate(s.option, 120))}` : null,
    s.where ? `🧭 runs ${esc(truncate(s.where, 120))}${s.runMode === 'manual' ? ' (by hand)' : ''}` : null,
    s.warning ? `⚠️ ${esc(truncate(s.warning, 140))}` : null,
    s.longRunning
      ? `⏳ does not end by itself${s.longRunning.bounded ? `; bounded: \`${esc(truncate(s.longRunning.bounded, 80))}\`` : ''}`
      : null,
  ].filter(Boolean);
  return notes.map((n) => `\n      ${n}`).join('');
}
