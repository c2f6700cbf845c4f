import OpenAI from 'openai';
import { LlmError } from './llm.js';

/**
 * A chat with tools, one model call at a time (Chat Completions). The copilot's loop
 * depends on this port, never on the SDK, so any OpenAI-compatible server
 * (OPENAI_BASE_URL) or the test fake can serve it.
 */
export type ChatTurnMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; toolCalls?: ChatToolCall[] }
  | { role: 'tool'; toolCallId: string; content: string };

export interface ChatToolCall {
  id: string;
  name: string;
  /** As the model sent it: a JSON string, possibly malformed. */
  arguments: string;
}

export interface ChatToolDefinition {
  name: string;
  description: string;
  /** JSON Schema of the arguments. */
  parameters: Record<string, unknown>;
}

export interface ChatRequest {
  messages: ChatTurnMessage[];
  /** None or empty: the model must answer in words. */
  tools?: ChatToolDefinition[];
  temperature: number;
  maxOutputTokens: number;
  reasoningEffort?: 'low' | 'medium' | 'high' | null;
  timeoutMs: number;
}

export interface ChatReply {
  content: string | null;
  toolCalls: ChatToolCall[];
  finishReason: string;
  usage: { inputTokens: number; outputTokens: number };
}

export interface ToolChatPort {
  readonly model: string;
  /** Throws LlmError (unavailable, timeout, refused, malformed) when no reply can be had. */
  complete(request: ChatRequest): Promise<ChatReply>;
}

export interface OpenAiChatSettings {
  apiKey: string;
  baseURL?: string | undefined;
  model: string;
  maxRetries: number;
}

/** OpenAI's reasoning models (o-series, gpt-5…) accept reasoning_effort; gpt-4.x and most compatible servers do not. */
export function supportsReasoningEffort(model: string): boolean {
  return /^(o\d|gpt-5)/i.test(model);
}

type WireMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam;

function toWire(message: ChatTurnMessage): WireMessage {
  if (message.role === 'tool') return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
  if (message.role === 'assistant') {
    return {
      role: 'assistant',
      content: message.content,
      ...(message.toolCalls?.length
        ? {
            tool_calls: message.toolCalls.map((c) => ({
              id: c.id,
              type: 'function' as const,
              function: { name: c.name, arguments: c.arguments },
            })),
          }
        : {}),
    };
  }
  return { role: message.role, content: message.content };
}

function wireError(err: unknown, timeoutMs: number): LlmError {
  if (err instanceof OpenAI.APIConnectionTimeoutError) {
    return new LlmError('timeout', `LLM timed out after ${timeoutMs} ms`, { cause: err });
  }
  if (err instanceof OpenAI.APIError || err instanceof OpenAI.APIConnectionError) {
    return new LlmError('unavailable', `LLM request failed: ${err.message}`, { cause: err });
  }
  return new LlmError('malformed', `LLM reply could not be read: ${(err as Error).message}`, { cause: err });
}

export function createOpenAiToolChat(settings: OpenAiChatSettings): ToolChatPort {
  const client = new OpenAI({ apiKey: settings.apiKey, baseURL: settings.baseURL, maxRetries: settings.maxRetries });
  return {
    model: settings.model,
    async complete(request) {
      const tools = request.tools?.length
        ? request.tools.map((t) => ({
            type: 'function' as const,
            function: { name: t.name, description: t.description, parameters: t.parameters },
          }))
        : undefined;
      let completion: OpenAI.Chat.Completions.ChatCompletion;
      try {
        completion = await client.chat.completions.create(
          {
            model: settings.model,
            messages: request.messages.map(toWire),
            temperature: request.temperature,
            max_completion_tokens: request.maxOutputTokens,
            ...(tools ? { tools, tool_choice: 'auto' as const, parallel_tool_calls: true } : {}),
            // Only reasoning models take an effort; others refuse the parameter.
            ...(request.reasoningEffort && supportsReasoningEffort(settings.model)
              ? { reasoning_effort: request.reasoningEffort }
              : {}),
          },
          { timeout: request.timeoutMs },
        );
      } catch (err) {
        throw wireError(err, request.timeoutMs);
      }
      const choice = completion.choices[0];
      if (!choice) throw new LlmError('malformed', 'LLM returned no choices');
      if (choice.message.refusal) throw new LlmError('refused', `LLM refused: ${choice.message.refusal}`);
      const toolCalls = (choice.message.tool_calls ?? []).flatMap((c) =>
        c.type === 'function' ? [{ id: c.id, name: c.function.name, arguments: c.function.arguments }] : [],
      );
      return {
        content: choice.message.content,
        toolCalls,
        finishReason: choice.finish_reason,
        usage: {
          inputTokens: completion.usage?.prompt_tokens ?? 0,
          outputTokens: completion.usage?.completion_tokens ?? 0,
        },
      };
    },
  };
}
