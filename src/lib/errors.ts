import { randomUUID } from 'node:crypto';

/**
 * One coded error taxonomy for the whole product. Each edge maps a code once:
 * Slack → ephemeral text, webhook → 4xx JSON, job → retry or UnrecoverableError.
 */
export const ERROR_CODES = {
  // input
  invalid_input: { http: 400, retry: false },
  malformed_json: { http: 400, retry: false },
  invalid_payload: { http: 400, retry: false },
  unauthorized: { http: 401, retry: false },
  payload_too_large: { http: 413, retry: false },
  bad_signature: { http: 401, retry: false },
  unsupported_media_type: { http: 415, retry: false },
  not_found: { http: 404, retry: false },
  // runbooks
  runbook_not_found: { http: 404, retry: false },
  runbook_empty: { http: 422, retry: false },
  runbook_invalid: { http: 422, retry: false },
  runbook_locked: { http: 423, retry: false },
  // executions and approvals
  execution_not_found: { http: 404, retry: false },
  execution_finished: { http: 409, retry: false },
  step_not_actionable: { http: 409, retry: false },
  stale_state: { http: 409, retry: true },
  approval_expired: { http: 409, retry: false },
  approval_mismatch: { http: 409, retry: false },
  not_authorized: { http: 403, retry: false },
  same_person: { http: 403, retry: false },
  confirmation_mismatch: { http: 422, retry: false },
  variable_invalid: { http: 422, retry: false },
  execution_halted: { http: 423, retry: false },
  // infrastructure
  dependency_unavailable: { http: 503, retry: true },
  /** A webhook route whose secret is not configured: refused, never accepted unsigned. */
  webhook_not_configured: { http: 503, retry: false },
  config_invalid: { http: 500, retry: false },
  internal: { http: 500, retry: true },
} as const satisfies Record<string, { http: number; retry: boolean }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }

  get httpStatus(): number {
    return ERROR_CODES[this.code].http;
  }

  get retryable(): boolean {
    return ERROR_CODES[this.code].retry;
  }
}

export function isDomainError(err: unknown, code?: ErrorCode): err is DomainError {
  return err instanceof DomainError && (code === undefined || err.code === code);
}

/** An id shown to a user next to an unexpected failure, and logged with the stack. */
export function newErrorId(): string {
  return `err_${randomUUID().slice(0, 8)}`;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
