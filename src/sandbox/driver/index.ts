import type { SandboxContext } from '../context.js';
import type { DisconnectReason } from '../socket-mode/server.js';
import type { FaultSpec } from '../web-api/faults.js';
import { globalShortcut, mention, openHome, type PersonMessageInput, postAsUser } from './events.js';
import { type ClickButtonInput, clickButton, type SelectOptionInput, selectOption } from './message-actions.js';
import { type SlashCommandInput, slashCommand } from './slash-command.js';
import {
  type ClickViewButtonInput,
  type CloseViewInput,
  clickViewButton,
  closeView,
  type SelectViewOptionInput,
  type SubmitViewInput,
  selectViewOption,
  submitView,
} from './view-actions.js';

/** What a person does in Slack; each call resolves once Slack would have its answer (ack or timeout). */
export function createDriver(sandbox: SandboxContext) {
  return {
    slashCommand: (input: SlashCommandInput) => slashCommand(sandbox, input),
    clickButton: (input: ClickButtonInput) => clickButton(sandbox, input),
    selectOption: (input: SelectOptionInput) => selectOption(sandbox, input),
    clickViewButton: (input: ClickViewButtonInput) => clickViewButton(sandbox, input),
    selectViewOption: (input: SelectViewOptionInput) => selectViewOption(sandbox, input),
    submitView: (input: SubmitViewInput) => submitView(sandbox, input),
    closeView: (input: CloseViewInput) => closeView(sandbox, input),
    mention: (input: PersonMessageInput) => mention(sandbox, input),
    postAsUser: (input: PersonMessageInput) => postAsUser(sandbox, input),
    openHome: (input: { userId: string }) => openHome(sandbox, input),
    /** Slack redelivers an event (same event_id, retry_attempt ≥ 1, retry_reason "timeout"). */
    redeliverEvent: (eventId: string, attempt = 1) => sandbox.deliveries.redeliverEvent(eventId, attempt),
    globalShortcut: (input: { userId: string; callbackId: string }) => globalShortcut(sandbox, input),
    /** Sends `{"type":"disconnect","reason":…}` to every connection; returns how many were asked. */
    disconnectAll: (reason: DisconnectReason = 'refresh_requested') =>
      sandbox.socket.disconnectAll(reason, sandbox.options.disconnectGraceMs),
    /** Cuts every connection abruptly (no disconnect frame), like a network failure. */
    dropConnections: () => sandbox.socket.dropAll(),
    /** Injects 429s and 5xx into Web API calls ({} turns it off); returns what was served so far. */
    injectFaults: (spec: FaultSpec) => {
      sandbox.faults.configure(spec);
      return { ...sandbox.faults.stats };
    },
    faultStats: () => ({ ...sandbox.faults.stats }),
  };
}

export type SandboxDriver = ReturnType<typeof createDriver>;
export type { PersonMessageResult } from './events.js';
export type {
  ClickButtonInput,
  ClickViewButtonInput,
  CloseViewInput,
  PersonMessageInput,
  SelectOptionInput,
  SelectViewOptionInput,
  SlashCommandInput,
  SubmitViewInput,
};
