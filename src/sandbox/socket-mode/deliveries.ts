import { newEnvelopeId } from '../ids.js';
import type { SandboxStore } from '../store.js';
import type { TimerSet } from '../timers.js';
import type { EnvelopeOutcome, EnvelopeType, JsonObject, SandboxEventDelivery } from '../types.js';
import type { SocketModeServer } from './server.js';

interface PendingAck {
  type: EnvelopeType;
  sentAt: number;
  timer: NodeJS.Timeout;
  settle: (outcome: EnvelopeOutcome) => void;
}

/**
 * Sends envelopes and waits for their acks within Slack's budget. events_api envelopes that are
 * not acked are redelivered (retry_attempt 1..n, retry_reason "timeout"); slash commands and
 * interactions are not: the person sees an error instead, which the caller records.
 */
export class EnvelopeDeliveries {
  private readonly pending = new Map<string, PendingAck>();
  /** Envelopes whose deadline passed, to notice acks that arrive too late. */
  private readonly expired = new Map<string, number>();
  /** Recent Events API payloads by event_id, so a redelivery can send the very same event again. */
  private readonly recentEvents = new Map<string, JsonObject>();

  constructor(
    private readonly deps: {
      store: SandboxStore;
      socket: SocketModeServer;
      timers: TimerSet;
    },
  ) {}

  deliver(
    type: EnvelopeType,
    payload: JsonObject,
    extra: { retryAttempt?: number; retryReason?: string } = {},
  ): Promise<EnvelopeOutcome> {
    const envelopeId = newEnvelopeId();
    const envelope = {
      envelope_id: envelopeId,
      type,
      payload,
      accepts_response_payload: acceptsResponsePayload(type, payload),
      retry_attempt: extra.retryAttempt ?? 0,
      retry_reason: extra.retryReason ?? '',
    };
    const shown = type === 'events_api' ? this.recordEvent(envelopeId, payload, extra) : null;
    if (!this.deps.socket.sendToOne(envelope)) {
      this.settleShown(shown, 'no_connection');
      return Promise.resolve({ envelopeId, type, status: 'no_connection' });
    }
    this.deps.store.counters.envelopesDelivered += 1;
    const sentAt = Date.now();
    return new Promise((resolve) => {
      const timer = this.deps.timers.after(this.deps.store.options.ackTimeoutMs, () => {
        this.pending.delete(envelopeId);
        this.expired.set(envelopeId, sentAt);
        this.deps.store.counters.ackTimeouts += 1;
        this.settleShown(shown, 'ack_timeout');
        resolve({ envelopeId, type, status: 'ack_timeout' });
      });
      const settle = (outcome: EnvelopeOutcome) => {
        this.settleShown(shown, outcome.status === 'acked' ? 'acked' : 'ack_timeout');
        resolve(outcome);
      };
      this.pending.set(envelopeId, { type, sentAt, timer, settle });
    });
  }

  /** Called for every `{envelope_id, payload}` frame from the app. */
  onAck(envelopeId: string, payload: JsonObject | undefined): void {
    const pending = this.pending.get(envelopeId);
    if (pending) {
      this.pending.delete(envelopeId);
      this.deps.timers.cancel(pending.timer);
      pending.settle({
        envelopeId,
        type: pending.type,
        status: 'acked',
        ackPayload: payload ?? {},
        ackMs: Date.now() - pending.sentAt,
      });
      return;
    }
    const sentAt = this.expired.get(envelopeId);
    if (sentAt === undefined) return;
    this.expired.delete(envelopeId);
    // Slack ignores a late ack; the sandbox notes how late it was next to the recorded failure.
    const failure = this.deps.store.failures.find((f) => f.envelopeId === envelopeId);
    if (failure) {
      failure.lateAckMs = Date.now() - sentAt;
      this.deps.store.emit({ kind: 'failure', failure });
    }
  }

  /**
   * Delivers an Events API payload; returns the first attempt's outcome and keeps redelivering in
   * the background until acked or the retries are spent (then records event_not_acked).
   */
  async deliverEvent(payload: JsonObject, describe: string): Promise<EnvelopeOutcome> {
    this.remember(payload);
    const first = await this.deliver('events_api', payload);
    if (first.status !== 'acked') this.scheduleRetry(payload, describe, 1);
    return first;
  }

  private scheduleRetry(payload: JsonObject, describe: string, attempt: number): void {
    const delays = this.deps.store.options.eventRetryDelaysMs;
    const delay = delays[attempt - 1];
    if (delay === undefined) {
      this.deps.store.recordFailure({
        kind: 'event_not_acked',
        envelopeType: 'events_api',
        description: `${describe} was never acknowledged after ${delays.length} retries; Slack gives up on it`,
      });
      return;
    }
    this.deps.timers.after(delay, () => {
      void this.deliver('events_api', payload, { retryAttempt: attempt, retryReason: 'timeout' }).then((outcome) => {
        if (outcome.status !== 'acked') this.scheduleRetry(payload, describe, attempt + 1);
      });
    });
  }

  /**
   * Sends an event already delivered once more, as Slack does when it believes an ack was lost:
   * the same payload (same event_id) with retry_attempt ≥ 1 and retry_reason "timeout".
   */
  redeliverEvent(eventId: string, attempt = 1): Promise<EnvelopeOutcome> {
    const payload = this.recentEvents.get(eventId);
    if (!payload) throw new Error(`no recent event ${eventId} to redeliver`);
    return this.deliver('events_api', payload, { retryAttempt: attempt, retryReason: 'timeout' });
  }

  /** What the page's "Recent events" shows: the inner event, its id, the retry and what came of it. */
  private recordEvent(
    envelopeId: string,
    payload: JsonObject,
    extra: { retryAttempt?: number; retryReason?: string },
  ): SandboxEventDelivery {
    const event = (payload.event ?? {}) as JsonObject;
    const delivery: SandboxEventDelivery = {
      at: Date.now(),
      envelopeId,
      eventType: String(event.type ?? 'unknown'),
      eventId: String(payload.event_id ?? ''),
      channel: typeof event.channel === 'string' ? event.channel : null,
      retryAttempt: extra.retryAttempt ?? 0,
      retryReason: extra.retryReason ?? '',
      status: 'sent',
    };
    this.deps.store.recordEventDelivery(delivery);
    return delivery;
  }

  private settleShown(delivery: SandboxEventDelivery | null, status: SandboxEventDelivery['status']): void {
    if (!delivery) return;
    delivery.status = status;
    this.deps.store.emit({ kind: 'event', delivery });
  }

  private remember(payload: JsonObject): void {
    if (typeof payload.event_id !== 'string') return;
    this.recentEvents.set(payload.event_id, payload);
    if (this.recentEvents.size > 200) this.recentEvents.delete(this.recentEvents.keys().next().value as string);
  }

  /** Settles every pending delivery as timed out (used when the sandbox closes). */
  abandonAll(): void {
    for (const [envelopeId, pending] of this.pending) {
      this.deps.timers.cancel(pending.timer);
      pending.settle({ envelopeId, type: pending.type, status: 'ack_timeout' });
    }
    this.pending.clear();
  }
}

/** Only slash commands, view submissions and option requests can answer in the ack. */
function acceptsResponsePayload(type: EnvelopeType, payload: JsonObject): boolean {
  if (type === 'slash_commands') return true;
  if (type === 'interactive') return payload.type === 'view_submission' || payload.type === 'block_suggestion';
  return false;
}
