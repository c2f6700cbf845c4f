import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createOpenAiLlm, LlmError } from '../../../src/lib/llm.js';
import { type OpenAiFake, startOpenAiFake } from '../../fakes/openai-fake.js';

const Opinion = z.object({ level: z.enum(['safe', 'caution']), confidence: z.number() });

describe('OpenAI LLM port against the OpenAI-compatible fake', () => {
  let fake: OpenAiFake;
  beforeAll(async () => {
    fake = await startOpenAiFake();
  });
  afterAll(async () => fake.close());
  beforeEach(() => fake.reset());

  const llm = () =>
    createOpenAiLlm({ apiKey: 'test', baseURL: fake.baseURL, model: 'm', timeoutMs: 2000, maxRetries: 0 });

  it('returns the parsed object and sends a strict json_schema at temperature 0', async () => {
    fake.enqueue({ json: { level: 'safe', confidence: 0.97 } });
    const out = await llm().structured({ name: 'opinion', schema: Opinion, system: 'sys', user: 'ls -la' });
    expect(out).toEqual({ level: 'safe', confidence: 0.97 });
    const req = fake.requests[0]!;
    expect(req.schemaName).toBe('opinion');
    expect(req.body.temperature).toBe(0);
    expect(req.text).toContain('ls -la');
  });

  it('throws a malformed LlmError when the answer does not fit the schema', async () => {
    fake.enqueue({ json: { level: 'nuclear', confidence: 2 } });
    await expect(llm().structured({ name: 'opinion', schema: Opinion, system: 's', user: 'u' })).rejects.toMatchObject({
      kind: 'malformed',
    });
  });

  it('throws an unavailable LlmError on a server error', async () => {
    fake.enqueue({ status: 500, shouldRetry: false });
    const err = await llm()
      .structured({ name: 'opinion', schema: Opinion, system: 's', user: 'u' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmError);
    expect((err as LlmError).kind).toBe('unavailable');
  });

  it('throws a refused LlmError when the model refuses', async () => {
    fake.enqueue({ refusal: 'no' });
    await expect(llm().structured({ name: 'opinion', schema: Opinion, system: 's', user: 'u' })).rejects.toMatchObject({
      kind: 'refused',
    });
  });

  it('throws a timeout LlmError when the server hangs', async () => {
    fake.enqueue({ hang: true });
    const port = createOpenAiLlm({ apiKey: 'test', baseURL: fake.baseURL, model: 'm', timeoutMs: 200, maxRetries: 0 });
    await expect(port.structured({ name: 'opinion', schema: Opinion, system: 's', user: 'u' })).rejects.toMatchObject({
      kind: 'timeout',
    });
  });
});
