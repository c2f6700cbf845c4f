import type { JsonObject } from '../types.js';

/** One Block Kit problem, worded and located the way Slack reports it. */
export interface BlockKitIssue {
  message: string;
  /** JSON pointer into the request argument, e.g. "/blocks/0/text/text". */
  pointer: string;
}

/** "must be less than 3001 characters [json-pointer:/blocks/0/text/text]", as in Slack's `errors`. */
export function formatIssue(issue: BlockKitIssue): string {
  return `${issue.message} [json-pointer:${issue.pointer}]`;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects issues while a validator walks a payload. */
export class Issues {
  readonly list: BlockKitIssue[] = [];

  add(pointer: string, message: string): void {
    this.list.push({ pointer, message });
  }

  get empty(): boolean {
    return this.list.length === 0;
  }

  object(value: unknown, pointer: string): value is JsonObject {
    if (isObject(value)) return true;
    this.add(pointer, 'must provide an object');
    return false;
  }

  /** Checks a required or optional string field of `parent` against Slack's length bounds. */
  string(
    parent: JsonObject,
    key: string,
    pointer: string,
    bounds: { max: number; min?: number; required?: boolean },
  ): void {
    const value = parent[key];
    if (value === undefined || value === null) {
      if (bounds.required) this.add(pointer, `missing required field: ${key}`);
      return;
    }
    if (typeof value !== 'string') {
      this.add(`${pointer}/${key}`, 'must provide a string');
      return;
    }
    this.length(value, `${pointer}/${key}`, bounds.max, bounds.min ?? 1);
  }

  length(value: string, pointer: string, max: number, min = 1): void {
    if (value.length > max) this.add(pointer, `must be less than ${max + 1} characters`);
    else if (value.length < min) this.add(pointer, `must be more than ${min - 1} characters`);
  }

  /** Returns the array when `parent[key]` is one within bounds (or undefined when absent and optional). */
  array(
    parent: JsonObject,
    key: string,
    pointer: string,
    bounds: { max: number; min?: number; required?: boolean },
  ): unknown[] | undefined {
    const value = parent[key];
    if (value === undefined || value === null) {
      if (bounds.required) this.add(pointer, `missing required field: ${key}`);
      return undefined;
    }
    if (!Array.isArray(value)) {
      this.add(`${pointer}/${key}`, 'must provide an array');
      return undefined;
    }
    if (value.length > bounds.max) this.add(`${pointer}/${key}`, `no more than ${bounds.max} items allowed`);
    if (value.length < (bounds.min ?? 0)) this.add(`${pointer}/${key}`, `must provide at least ${bounds.min} items`);
    return value;
  }

  boolean(parent: JsonObject, key: string, pointer: string): void {
    const value = parent[key];
    if (value !== undefined && typeof value !== 'boolean') this.add(`${pointer}/${key}`, 'must provide a boolean');
  }

  oneOf(parent: JsonObject, key: string, pointer: string, allowed: readonly string[]): void {
    const value = parent[key];
    if (value !== undefined && (typeof value !== 'string' || !allowed.includes(value))) {
      this.add(`${pointer}/${key}`, 'must be a valid enum value');
    }
  }

  /** Slack rejects properties a block or element does not define. */
  onlyKnownKeys(value: JsonObject, pointer: string, known: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) this.add(pointer, `invalid additional property: ${key}`);
    }
  }
}
