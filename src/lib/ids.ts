import { randomUUID } from 'node:crypto';

export function newId(): string {
  return randomUUID();
}

/** BullMQ job ids must not contain ':' and must not be all digits. */
export function jobIdFrom(...parts: string[]): string {
  return parts.map((p) => p.replace(/[:\s]/g, '_')).join('__');
}
