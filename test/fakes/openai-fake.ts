import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An OpenAI-compatible server that tests script. It answers the two shapes the SDK reads:
 * Chat Completions (`POST /v1/chat/completions`) and Responses (`POST /v1/responses`),
 * with the SDK's error body, `retry-after` and `x-should-retry` headers.
 */

export interface FakeToolCall {
  name: string;
  arguments: unknown;
  callId?: string;
}

/** Token counts the reply reports (`usage`); zero when not scripted. */
export interface FakeUsage {
  promptTokens: number;
  completionTokens: number;
}

export type FakeReply =
  | { content: string; delayMs?: number; usage?: FakeUsage }
  | { json: unknown; delayMs?: number; usage?: FakeUsage }
  | { toolCalls: FakeToolCall[]; delayMs?: number; usage?: FakeUsage }
  | { refusal: string }
  | { status: number; message?: string; retryAfterSeconds?: number; shouldRetry?: boolean }
  | { hang: true };

export interface RecordedLlmRequest {
  path: string;
  body: Record<string, unknown>;
  /** The response-format schema name, when the request asked for structured output. */
  schemaName: string | null;
  /** All message/input text joined, for assertions and for routing replies. */
  text: string;
}

export type FakeHandler = (request: RecordedLlmRequest) => FakeReply | undefined;

export interface OpenAiFake {
  /** Base URL including /v1, as the SDK's `baseURL` expects. */
  readonly baseURL: string;
  readonly requests: RecordedLlmRequest[];
  /** Queue replies answered in order, before the handler is asked. */
  enqueue(...replies: FakeReply[]): void;
  /** Answer every request not served by the queue. */
  setHandler(handler: FakeHandler | null): void;
  reset(): void;
  close(): Promise<void>;
}

export async function startOpenAiFake(options: { port?: number } = {}): Promise<OpenAiFake> {
  const queue: FakeReply[] = [];
  const requests: RecordedLlmRequest[] = [];
  let handler: FakeHandler | null = null;
  let counter = 0;
  const hanging = new Set<ServerResponse>();

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((err) => {
      sendJson(res, 500, { error: { message: String(err), type: 'server_error', param: null, code: null } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (req.method !== 'POST' || !['/v1/chat/completions', '/v1/responses'].includes(path)) {
      sendJson(res, 404, {
        error: {
          message: `Unknown route ${req.method} ${path}`,
          type: 'invalid_request_error',
          param: null,
          code: null,
        },
      });
      return;
    }
    if (!req.headers.authorization?.startsWith('Bearer ')) {
      sendJson(res, 401, {
        error: { message: 'You did not provide an API key.', type: 'invalid_request_error', param: null, code: null },
      });
      return;
    }
    const raw = await readBody(req);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      sendJson(res, 400, {
        error: { message: 'Invalid JSON body', type: 'invalid_request_error', param: null, code: null },
      });
      return;
    }
    const recorded: RecordedLlmRequest = { path, body, schemaName: schemaNameOf(body), text: textOf(body) };
    requests.push(recorded);
    const reply = queue.shift() ?? handler?.(recorded);
    if (!reply) {
      sendJson(
        res,
        500,
        { error: { message: 'openai-fake: no scripted reply', type: 'server_error', param: null, code: null } },
        { 'x-should-retry': 'false' },
      );
      return;
    }
    if ('hang' in reply) {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    if ('status' in reply) {
      const headers: Record<string, string> = {};
      if (reply.retryAfterSeconds !== undefined) headers['retry-after'] = String(reply.retryAfterSeconds);
      if (reply.shouldRetry !== undefined) headers['x-should-retry'] = String(reply.shouldRetry);
      sendJson(
        res,
        reply.status,
        { error: { message: reply.message ?? 'scripted failure', type: 'server_error', param: null, code: null } },
        headers,
      );
      return;
    }
    if ('delayMs' in reply && reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    counter += 1;
    sendJson(
      res,
      200,
      path === '/v1/responses' ? responsesShape(reply, counter, body) : chatShape(reply, counter, body),
    );
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...replies) => queue.push(...replies),
    setHandler: (h) => {
      handler = h;
    },
    reset: () => {
      queue.length = 0;
      requests.length = 0;
      handler = null;
    },
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function chatShape(reply: FakeReply, n: number, body: Record<string, unknown>) {
  const message: Record<string, unknown> = { role: 'assistant', content: null, refusal: null };
  let finish = 'stop';
  if ('content' in reply) message.content = reply.content;
  if ('json' in reply) message.content = JSON.stringify(reply.json);
  if ('refusal' in reply) message.refusal = reply.refusal;
  if ('toolCalls' in reply) {
    finish = 'tool_calls';
    message.tool_calls = reply.toolCalls.map((call, i) => ({
      id: call.callId ?? `call_${n}_${i}`,
      type: 'function',
      function: { name: call.name, arguments: JSON.stringify(call.arguments) },
    }));
  }
  return {
    id: `chatcmpl-${n}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: String(body.model ?? 'fake-model'),
    choices: [{ index: 0, message, logprobs: null, finish_reason: finish }],
    usage: usageOf(reply),
  };
}

function usageOf(reply: FakeReply) {
  const u = 'usage' in reply && reply.usage ? reply.usage : { promptTokens: 0, completionTokens: 0 };
  return {
    prompt_tokens: u.promptTokens,
    completion_tokens: u.completionTokens,
    total_tokens: u.promptTokens + u.completionTokens,
  };
}

function responsesShape(reply: FakeReply, n: number, body: Record<string, unknown>) {
  const output: unknown[] = [];
  const text = 'content' in reply ? reply.content : 'json' in reply ? JSON.stringify(reply.json) : null;
  if (text !== null) {
    output.push({
      type: 'message',
      id: `msg_${n}`,
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text, annotations: [] }],
    });
  }
  if ('refusal' in reply) {
    output.push({
      type: 'message',
      id: `msg_${n}`,
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'refusal', refusal: reply.refusal }],
    });
  }
  if ('toolCalls' in reply) {
    reply.toolCalls.forEach((call, i) => {
      output.push({
        type: 'function_call',
        id: `fc_${n}_${i}`,
        call_id: call.callId ?? `call_${n}_${i}`,
        name: call.name,
        arguments: JSON.stringify(call.arguments),
        status: 'completed',
      });
    });
  }
  return {
    id: `resp_${n}`,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status: 'completed',
    model: String(body.model ?? 'fake-model'),
    output,
    usage: { input_tokens: 0, output_tokens: 0, total_tokens: 0 },
  };
}

function schemaNameOf(body: Record<string, unknown>): string | null {
  const chat = body.response_format as { type?: string; json_schema?: { name?: string } } | undefined;
  if (chat?.type === 'json_schema') return chat.json_schema?.name ?? null;
  const responses = (body.text as { format?: { type?: string; name?: string } } | undefined)?.format;
  if (responses?.type === 'json_schema') return responses.name ?? null;
  return null;
}

function textOf(body: Record<string, unknown>): string {
  const parts: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') parts.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') {
      const v = value as Record<string, unknown>;
      collect(v.content ?? v.text ?? v.output ?? null);
    }
  };
  collect(body.messages);
  collect(body.input);
  collect(body.instructions);
  return parts.join('\n');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
