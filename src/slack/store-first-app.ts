import { App, type AppOptions, type ReceiverEvent } from '@slack/bolt';

/** Runs on an Events API envelope before it is acknowledged; throwing leaves it un-acked. */
export type BeforeAck = (body: unknown, retryNum: number | undefined) => Promise<void>;

/**
 * Bolt acknowledges an Events API envelope before any listener runs, so a listener that
 * fails to store the event has lost it: Slack never sends it again. This App stores first.
 * When `beforeAck` throws, processEvent throws, the Socket Mode receiver does not ack, and
 * Slack redelivers the event (retry_num 1, 2, …), as it does for a webhook answered 5xx.
 */
export class StoreFirstApp extends App {
  private beforeAck: BeforeAck | null = null;

  constructor(options: AppOptions) {
    super(options);
  }

  /** Set once the listeners (and the services they call) exist. */
  storeEventsWith(fn: BeforeAck): void {
    this.beforeAck = fn;
  }

  override async processEvent(event: ReceiverEvent): Promise<void> {
    await this.beforeAck?.(event.body, event.retryNum);
    return super.processEvent(event);
  }
}
