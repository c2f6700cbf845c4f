import { z } from 'zod';

/**
 * Readers for the optional fields of a real source's payload. A field the product only
 * reads may be missing, null, a number where text was expected, or of a shape nobody
 * documented: it is read when it can be and dropped when it cannot, never refused, because
 * a 4xx makes the source drop the delivery (and some disable the webhook after a few).
 */

/** Text, or a number sent as text's stand-in; anything else reads as absent. */
export const optionalText = z
  .union([z.string(), z.number().transform(String)])
  .nullish()
  .catch(undefined)
  .transform((v) => v ?? undefined);

/** A number, or a number sent as text ("1765006872345"); anything else reads as absent. */
export const optionalNumber = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^-?\d+(\.\d+)?$/)
      .transform(Number),
  ])
  .nullish()
  .catch(undefined)
  .transform((v) => v ?? undefined);

/** A list of texts; numbers become text, other items and a list that is not one are dropped. */
export const textList = z
  .array(z.unknown())
  .nullish()
  .catch(undefined)
  .transform((items) =>
    (items ?? []).flatMap((v) => (typeof v === 'string' ? [v] : typeof v === 'number' ? [String(v)] : [])),
  );

/** A flat map of texts (labels, annotations, details); numbers and booleans become text, the rest is dropped. */
export const textMap = z
  .record(z.string(), z.unknown())
  .nullish()
  .catch(undefined)
  .transform((map) => {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(map ?? {})) {
      if (typeof value === 'string') out[key] = value;
      else if (typeof value === 'number' || typeof value === 'boolean') out[key] = String(value);
    }
    return out;
  });

/**
 * An epoch timestamp as ISO 8601, whatever its unit: seconds, milliseconds (Opsgenie
 * `createdAt`), microseconds or nanoseconds (`updatedAt` in the published samples).
 */
export function epochToIso(value: number | undefined): string | null {
  if (value === undefined || !Number.isFinite(value) || value <= 0) return null;
  const ms = value >= 1e17 ? value / 1e6 : value >= 1e14 ? value / 1e3 : value >= 1e11 ? value : value * 1e3;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
