import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { z } from 'zod';

/**
 * The one door to a language model. Features depend on this port, never on the SDK,
 * so any OpenAI-compatible server (OPENAI_BASE_URL) or a test fake can serve them.
 */
export interface StructuredRequest<S extends z.ZodType> {
  /** Schema name sent to the model (letters, digits, _ and -). */
  name: string;
  schema: S;
  system: string;
  user: string;
}

export interface LlmPort {
  readonly model: string;
  /** One structured answer at temperature 0; throws LlmError when none can be had. */
  structured<S extends z.ZodType>(request: StructuredRequest<S>): Promise<z.infer<S>>;
}

export class LlmError extends Error {
  readonly kind: 'unavailable' | 'refused' | 'malformed' | 'timeout';
  constructor(kind: LlmError['kind'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LlmError';
    this.kind = kind;
  }
}

export interface OpenAiLlmSettings {
  apiKey: string;
  baseURL?: string | undefined;
  model: string;
  timeoutMs: number;
  maxRetries: number;
}

export function createOpenAiLlm(settings: OpenAiLlmSettings): LlmPort {
  const client = new OpenAI({
    apiKey: settings.apiKey,
    baseURL: settings.baseURL,
    timeout: settings.timeoutMs,
    maxRetries: settings.maxRetries,
  });
  return {
    model: settings.model,
    async structured(request) {
      let completion: Awaited<ReturnType<typeof client.chat.completions.parse>>;
      try {
        completion = await client.chat.completions.parse({
          model: settings.model,
          temperature: 0,
          messages: [
            { role: 'system', content: request.system },
            { role: 'user', content: request.user },
          ],
          response_format: zodResponseFormat(request.schema, request.name),
        });
      } catch (err) {
        if (err instanceof OpenAI.APIConnectionTimeoutError) {
          throw new LlmError('timeout', `LLM timed out after ${settings.timeoutMs} ms`, { cause: err });
        }
        if (err instanceof OpenAI.APIError || err instanceof OpenAI.APIConnectionError) {
          throw new LlmError('unavailable', `LLM request failed: ${err.message}`, { cause: err });
        }
        // The SDK's parse() throws plain errors when the JSON does not fit the schema.
        throw new LlmError('malformed', `LLM answer did not fit ${request.name}: ${(err as Error).message}`, {
          cause: err,
        });
      }
      const message = completion.choices[0]?.message;
      if (!message) throw new LlmError('malformed', 'LLM returned no choices');
      if (message.refusal) throw new LlmError('refused', `LLM refused: ${message.refusal}`);
      if (message.parsed == null) throw new LlmError('malformed', `LLM returned no ${request.name} object`);
      return message.parsed as z.infer<typeof request.schema>;
    },
  };
}
