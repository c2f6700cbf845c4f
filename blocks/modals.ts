import type { KnownBlock, View } from '@slack/types';
import { encodeValue } from '../src/slack/codecs.js';
import { BLOCKS, VIEWS } from '../src/slack/ids.js';
import { codeBlock, esc, LIMITS, mrkdwn, plain, truncate } from './text.js';

/** 🔴 typed confirmation: the approver reads the command and types its target. */
export function typedConfirmModal(view: {
  stepId: string;
  binding: string;
  title: string;
  command: string;
  target: string;
  rollback: boolean;
  /** In a dry run the modal must not promise that anything runs. */
  dryRun?: boolean;
}): View {
  const danger = view.dryRun
    ? 'This command is 🔴 dangerous (🧪 dry run: it is shown, not executed):'
    : 'This command is 🔴 dangerous:';
  return {
    type: 'modal',
    callback_id: VIEWS.typedConfirm,
    private_metadata: encodeValue('step', { s: view.stepId, b: view.binding }),
    title: plain(view.rollback ? '🔴 Confirm rollback' : '🔴 Confirm step', LIMITS.modalTitle),
    submit: plain(view.dryRun ? 'Confirm (dry run)' : 'Run it', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    blocks: [
      { type: 'section', text: mrkdwn(`*${esc(truncate(view.title, 200))}*\n${danger}`) },
      { type: 'section', text: mrkdwn(codeBlock(view.command, LIMITS.sectionText)) },
      {
        type: 'input',
        block_id: BLOCKS.confirmInput,
        label: plain(`Type ${truncate(view.target, 150)} to confirm`, 2000),
        element: {
          type: 'plain_text_input',
          action_id: BLOCKS.confirmInputAction,
          placeholder: plain(truncate(view.target, 140), 150),
        },
        hint: plain('Exactly as shown. The approval is bound to this command; an edit voids it.', 2000),
      },
    ],
  };
}

export function editCommandModal(view: { stepId: string; binding: string; title: string; command: string }): View {
  return {
    type: 'modal',
    callback_id: VIEWS.editCommand,
    private_metadata: encodeValue('step', { s: view.stepId, b: view.binding }),
    title: plain('Edit command', LIMITS.modalTitle),
    submit: plain('Save', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(`*${esc(truncate(view.title, 200))}*\nThe edited command is classified and approved afresh.`),
      },
      {
        type: 'input',
        block_id: BLOCKS.editInput,
        label: plain('Command', 2000),
        element: {
          type: 'plain_text_input',
          action_id: BLOCKS.editInputAction,
          multiline: true,
          initial_value: view.command.slice(0, LIMITS.plainTextInitial),
          max_length: 3000,
        },
      },
    ],
  };
}

export function variablesModal(view: {
  stepId: string;
  binding: string;
  title: string;
  command: string;
  /** `source` says where a filled-in value came from ("Filled in from the alert's `namespace` label"). */
  fields: Array<{ name: string; description: string | null; default: string | null; source?: string | null }>;
}): View {
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn(`*${esc(truncate(view.title, 200))}* needs values:`) },
    { type: 'section', text: mrkdwn(codeBlock(view.command, 1500)) },
  ];
  for (const field of view.fields.slice(0, 40)) {
    blocks.push({
      type: 'input',
      block_id: `${BLOCKS.variablePrefix}${field.name}`,
      label: plain(field.name, 2000),
      ...(field.description || field.source
        ? { hint: plain([field.description, field.source].filter(Boolean).join(' · '), 2000) }
        : {}),
      element: {
        type: 'plain_text_input',
        action_id: BLOCKS.variableAction,
        max_length: 512,
        ...(field.default ? { initial_value: field.default.slice(0, 512) } : {}),
      },
    });
  }
  return {
    type: 'modal',
    callback_id: VIEWS.variables,
    private_metadata: encodeValue('step', { s: view.stepId, b: view.binding }),
    title: plain('Provide values', LIMITS.modalTitle),
    submit: plain('Continue', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    blocks,
  };
}
