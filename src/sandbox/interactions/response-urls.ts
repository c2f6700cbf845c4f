import { newSecret } from '../ids.js';

/** Where a response_url was handed out: decides what "replace_original" and the default mean. */
export type ResponseOrigin =
  | { kind: 'slash_command'; channel: string; userId: string; command: string }
  | {
      kind: 'message_action';
      channel: string;
      userId: string;
      messageTs: string;
      ephemeral: boolean;
      threadTs?: string;
    };

export interface IssuedResponseUrl {
  origin: ResponseOrigin;
  issuedAt: number;
  uses: number;
}

/** Slack: a response_url works up to 5 times within 30 minutes. */
export const RESPONSE_URL_MAX_USES = 5;
export const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;

export class ResponseUrlRegistry {
  private readonly issued = new Map<string, IssuedResponseUrl>();

  constructor(private readonly baseUrl: () => string) {}

  issue(origin: ResponseOrigin): string {
    const id = `${origin.kind === 'slash_command' ? 'cmd' : 'act'}-${newSecret(16)}`;
    this.issued.set(id, { origin, issuedAt: Date.now(), uses: 0 });
    return `${this.baseUrl()}/respond/${id}`;
  }

  find(id: string): IssuedResponseUrl | undefined {
    return this.issued.get(id);
  }
}
