import { describe, expect, it } from 'vitest';
import { parseJsonBody } from '../../../src/webhooks/json-body.js';

const read = (text: string | Buffer) => parseJsonBody(Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'));

describe('reading a delivery body for storage', () => {
  it('keeps an ordinary body as sent, with no notes', () => {
    expect(read('{"title":"disk full ✓","n":[1,2]}')).toEqual({
      ok: true,
      json: { title: 'disk full ✓', n: [1, 2] },
      text: '{"title":"disk full ✓","n":[1,2]}',
      notes: [],
    });
  });

  it('replaces escaped NULs and lone surrogates, in keys and values, and says how many', () => {
    const body = read('{"a\\u0000":"x\\u0000y","s":"\\ud800","pair":"\\ud83d\\ude00"}');
    expect(body).toMatchObject({
      ok: true,
      json: { 'a\ufffd': 'x\ufffdy', s: '\ufffd', pair: '😀' },
      notes: ['3 NUL or unpaired surrogate character(s) replaced by U+FFFD for storage'],
    });
  });

  it('leaves a literal backslash-u sequence alone', () => {
    expect(read('{"path":"C:\\\\u0000dir"}')).toMatchObject({ ok: true, json: { path: 'C:\\u0000dir' }, notes: [] });
  });

  it('notes bytes that are not UTF-8', () => {
    const raw = Buffer.concat([Buffer.from('{"t":"'), Buffer.from([0xff]), Buffer.from('"}')]);
    expect(read(raw)).toMatchObject({
      ok: true,
      json: { t: '\ufffd' },
      notes: ['bytes that are not UTF-8 were read as U+FFFD'],
    });
  });
});
