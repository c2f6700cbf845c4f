import { describe, expect, it } from 'vitest';
import { isSafeUrl, parseMrkdwn } from '../../../src/sandbox/web/mrkdwn.js';

describe('parseMrkdwn (the page renderer)', () => {
  it('parses bold, italic, strike and inline code', () => {
    expect(parseMrkdwn('*bold* _it_ ~gone~ `rm -rf`')).toEqual([
      { t: 'bold', c: [{ t: 'text', v: 'bold' }] },
      { t: 'text', v: ' ' },
      { t: 'italic', c: [{ t: 'text', v: 'it' }] },
      { t: 'text', v: ' ' },
      { t: 'strike', c: [{ t: 'text', v: 'gone' }] },
      { t: 'text', v: ' ' },
      { t: 'code', v: 'rm -rf' },
    ]);
  });

  it('keeps code blocks verbatim and decodes Slack entities', () => {
    expect(parseMrkdwn('```\nkubectl get pods | grep &lt;x&gt; *not bold*```')).toEqual([
      { t: 'pre', v: 'kubectl get pods | grep <x> *not bold*' },
    ]);
  });

  it('turns control sequences into links, users and channels', () => {
    expect(
      parseMrkdwn('<https://x.test/a?b=1&amp;c=2|the &amp; runbook> <@U0ONCALL01> <#C0INCIDENTS|incidents> <!here>'),
    ).toEqual([
      { t: 'link', url: 'https://x.test/a?b=1&c=2', label: 'the & runbook' },
      { t: 'text', v: ' ' },
      { t: 'user', id: 'U0ONCALL01' },
      { t: 'text', v: ' ' },
      { t: 'channel', id: 'C0INCIDENTS', label: 'incidents' },
      { t: 'text', v: ' ' },
      { t: 'special', label: '@here' },
    ]);
  });

  it('does not treat underscores inside words or arithmetic as emphasis', () => {
    expect(parseMrkdwn('restart_api_pod 2*3*4')).toEqual([{ t: 'text', v: 'restart_api_pod 2*3*4' }]);
  });

  it('leaves escaped HTML as text and never marks javascript: URLs safe', () => {
    expect(parseMrkdwn('&lt;img src=x onerror=alert(1)&gt;')).toEqual([
      { t: 'text', v: '<img src=x onerror=alert(1)>' },
    ]);
    expect(isSafeUrl('javascript:alert(1)')).toBe(false);
    expect(isSafeUrl('https://example.com')).toBe(true);
  });

  it('handles quotes and line breaks', () => {
    expect(parseMrkdwn('&gt; quoted\nnext')).toEqual([
      { t: 'quote', c: [{ t: 'text', v: 'quoted' }] },
      { t: 'br' },
      { t: 'text', v: 'next' },
    ]);
  });
});
