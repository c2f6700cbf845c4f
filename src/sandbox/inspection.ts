import type { SandboxStore } from './store.js';
import type {
  RecordedCall,
  SandboxEphemeral,
  SandboxFailure,
  SandboxMessage,
  SandboxStats,
  SandboxView,
} from './types.js';

export interface WaitForOptions {
  /** Default 5000 ms. */
  timeoutMs?: number;
  /** Included in the timeout error, to say what never showed up. */
  description?: string;
}

/** Read-only views of the workspace for tests; results are copies, safe to keep. */
export function createInspection(store: SandboxStore) {
  return {
    /** Top-level messages of a channel (oldest first), or a whole thread when threadTs is given. */
    messages(channelId: string, options: { threadTs?: string } = {}): SandboxMessage[] {
      const channel = store.findChannel(channelId);
      return channel ? structuredClone(store.listMessages(channel.id, options.threadTs)) : [];
    },

    /** A thread: the parent first, then its replies. */
    thread(channelId: string, ts: string): SandboxMessage[] {
      const channel = store.findChannel(channelId);
      return channel ? structuredClone(store.listMessages(channel.id, ts)) : [];
    },

    /** Ephemeral messages only this person sees (optionally in one channel). */
    ephemerals(userId: string, options: { channelId?: string } = {}): SandboxEphemeral[] {
      const channel = options.channelId ? store.findChannel(options.channelId)?.id : undefined;
      return structuredClone(store.ephemerals.filter((e) => e.user === userId && (!channel || e.channel === channel)));
    },

    /** The person's modal stack, bottom first (the last one is on screen). */
    openViews(userId: string): SandboxView[] {
      return structuredClone(store.modalStack(userId));
    },

    homeView(userId: string): SandboxView | undefined {
      const view = store.homeViews.get(userId);
      return view ? structuredClone(view) : undefined;
    },

    /** Every Web API call the app made (and response_url posts as method "response_url"), oldest first. */
    calls(method?: string): RecordedCall[] {
      return structuredClone(method ? store.calls.filter((c) => c.method === method) : store.calls);
    },

    /** What went wrong for a person or broke a promise: ack timeouts, 429s, fast edits, bad acks. */
    failures(): SandboxFailure[] {
      return structuredClone(store.failures);
    },

    stats(): SandboxStats {
      return {
        calls: { ...store.callCounts },
        rateLimited: store.counters.rateLimited,
        updateViolations: store.counters.updateViolations,
        ackTimeouts: store.counters.ackTimeouts,
        envelopesDelivered: store.counters.envelopesDelivered,
        connections: store.connections,
      };
    },

    /** Number of live Socket Mode connections. */
    connections(): number {
      return store.connections;
    },

    /**
     * Resolves with the predicate's first truthy result (so `false`, `0`, `''`, null and undefined
     * mean "not yet"), re-checking on every sandbox change
     * (and every 50 ms, for predicates that depend on time).
     */
    waitFor<T>(predicate: () => T | undefined | null | false | 0 | '', options: WaitForOptions = {}): Promise<T> {
      const timeoutMs = options.timeoutMs ?? 5000;
      return new Promise<T>((resolve, reject) => {
        let finished = false;
        const finish = () => {
          finished = true;
          store.events.off('change', check);
          clearInterval(interval);
          clearTimeout(timer);
        };
        function check(): void {
          if (finished) return;
          try {
            const result = predicate();
            if (result) {
              finish();
              resolve(result);
            }
          } catch (error) {
            finish();
            reject(error);
          }
        }
        const interval = setInterval(check, 50);
        const timer = setTimeout(() => {
          finish();
          reject(
            new Error(
              `sandbox.waitFor timed out after ${timeoutMs} ms${options.description ? `: ${options.description}` : ''}`,
            ),
          );
        }, timeoutMs);
        store.events.on('change', check);
        check();
      });
    },
  };
}

export type SandboxInspection = ReturnType<typeof createInspection>;
