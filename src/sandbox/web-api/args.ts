import { isObject } from '../block-kit/issues.js';
import type { JsonObject } from '../types.js';
import { missingArgument } from './errors.js';

/**
 * Form-encoded calls carry every argument as a string (non-scalars JSON-stringified per field);
 * JSON calls carry real types. These readers accept both.
 */

export function optionalString(args: JsonObject, key: string): string | undefined {
  const value = args[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function requiredString(args: JsonObject, key: string): string {
  const value = optionalString(args, key);
  if (value === undefined) throw missingArgument(key);
  return value;
}

export function optionalBoolean(args: JsonObject, key: string): boolean | undefined {
  const value = args[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  return value === 'true' || value === '1' || value === 1;
}

export function optionalNumber(args: JsonObject, key: string): number | undefined {
  const value = args[key];
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : undefined;
}

export type JsonArg = { present: false } | { present: true; ok: true; value: unknown } | { present: true; ok: false };

/** Reads a structured argument (`blocks`, `view`, `metadata`): an object/array, or its JSON string. */
export function jsonArg(args: JsonObject, key: string): JsonArg {
  const value = args[key];
  if (value === undefined || value === null || value === '') return { present: false };
  if (typeof value !== 'string') return { present: true, ok: true, value };
  try {
    return { present: true, ok: true, value: JSON.parse(value) as unknown };
  } catch {
    return { present: true, ok: false };
  }
}

export function jsonObjectArg(args: JsonObject, key: string): JsonObject | undefined {
  const arg = jsonArg(args, key);
  return arg.present && arg.ok && isObject(arg.value) ? arg.value : undefined;
}
