import { describe, expect, it } from 'vitest';
import { blocksTextLength, validateBlocks } from '../../../src/sandbox/block-kit/blocks.js';
import { validateView } from '../../../src/sandbox/block-kit/view.js';

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const button = (action_id: string, extra: Record<string, unknown> = {}) => ({
  type: 'button',
  action_id,
  text: { type: 'plain_text', text: 'Go' },
  ...extra,
});
const pointers = (issues: { pointer: string }[]) => issues.map((i) => i.pointer);

describe('validateBlocks (messages)', () => {
  it('accepts a realistic runbook card', () => {
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: '🔔 Runbook matched' } },
      { type: 'section', block_id: 's1', text: { type: 'mrkdwn', text: '*restart-api*' }, accessory: button('open') },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: '*Service*\napi' },
          { type: 'plain_text', text: 'P1' },
        ],
      },
      { type: 'divider' },
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: 'from PagerDuty' },
          { type: 'image', image_url: 'https://x/y.png', alt_text: 'pd' },
        ],
      },
      {
        type: 'actions',
        elements: [button('start', { style: 'primary', value: 'x' }), button('stop', { style: 'danger' })],
      },
    ];
    expect(validateBlocks(blocks, 'message')).toEqual([]);
  });

  it('reports a section text over 3000 characters at its json-pointer', () => {
    const issues = validateBlocks([section('ok'), section('x'.repeat(3001))], 'message');
    expect(issues).toEqual([{ pointer: '/blocks/1/text/text', message: 'must be less than 3001 characters' }]);
  });

  it('caps messages at 50 blocks but modals at 100', () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    expect(pointers(validateBlocks(blocks, 'message'))).toEqual(['/blocks']);
    expect(validateBlocks(blocks, 'modal')).toEqual([]);
    expect(pointers(validateBlocks([...blocks, ...blocks], 'modal'))).toEqual(['/blocks']);
  });

  it('requires plain_text where Slack does (header, button text)', () => {
    const issues = validateBlocks(
      [
        { type: 'header', text: { type: 'mrkdwn', text: 'x' } },
        { type: 'actions', elements: [{ type: 'button', action_id: 'a', text: { type: 'mrkdwn', text: '*b*' } }] },
      ],
      'message',
    );
    expect(pointers(issues)).toEqual(['/blocks/0/text/type', '/blocks/1/elements/0/text/type']);
  });

  it('enforces header 150, button text 75, value 2000, url 3000, fields 10 × 2000', () => {
    const issues = validateBlocks(
      [
        { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } },
        {
          type: 'actions',
          elements: [
            { type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'b'.repeat(76) } },
            button('b', { value: 'v'.repeat(2001) }),
            button('c', { url: `https://${'u'.repeat(3000)}` }),
          ],
        },
        { type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) },
        { type: 'section', fields: [{ type: 'mrkdwn', text: 'f'.repeat(2001) }] },
      ],
      'message',
    );
    expect(pointers(issues)).toEqual([
      '/blocks/0/text/text',
      '/blocks/1/elements/0/text/text',
      '/blocks/1/elements/1/value',
      '/blocks/1/elements/2/url',
      '/blocks/2/fields',
      '/blocks/3/fields/0/text',
    ]);
  });

  it('limits context to 10 elements and actions to 25', () => {
    const issues = validateBlocks(
      [
        { type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })) },
        { type: 'actions', elements: Array.from({ length: 26 }, (_, i) => button(`b${i}`)) },
      ],
      'message',
    );
    expect(issues.map((i) => `${i.pointer} ${i.message}`)).toEqual([
      '/blocks/0/elements no more than 10 items allowed',
      '/blocks/1/elements no more than 25 items allowed',
    ]);
  });

  it('rejects duplicate block_ids in a message and duplicate action_ids within one block', () => {
    const issues = validateBlocks(
      [
        { type: 'actions', block_id: 'same', elements: [button('a'), button('a')] },
        { type: 'actions', block_id: 'same', elements: [button('a')] },
      ],
      'message',
    );
    expect(pointers(issues)).toEqual(['/blocks/0/elements/1/action_id', '/blocks/1/block_id']);
  });

  it('allows the same action_id in different blocks, as Slack does', () => {
    const blocks = [
      { type: 'actions', block_id: 'step1', elements: [button('approve')] },
      { type: 'actions', block_id: 'step2', elements: [button('approve')] },
    ];
    expect(validateBlocks(blocks, 'message')).toEqual([]);
  });

  it('rejects block_id and action_id over 255 characters', () => {
    const issues = validateBlocks(
      [{ type: 'actions', block_id: 'b'.repeat(256), elements: [button('a'.repeat(256))] }],
      'message',
    );
    expect(pointers(issues)).toEqual(['/blocks/0/block_id', '/blocks/0/elements/0/action_id']);
  });

  it('checks select options: at most 100, text 75, value 150', () => {
    const option = (text: string, value: string) => ({ text: { type: 'plain_text', text }, value });
    const issues = validateBlocks(
      [
        {
          type: 'actions',
          elements: [
            {
              type: 'static_select',
              action_id: 's1',
              options: Array.from({ length: 101 }, (_, i) => option(`o${i}`, `v${i}`)),
            },
            {
              type: 'static_select',
              action_id: 's2',
              options: [option('t'.repeat(76), 'v'), option('ok', 'v'.repeat(151))],
            },
          ],
        },
      ],
      'message',
    );
    expect(pointers(issues)).toEqual([
      '/blocks/0/elements/0/options',
      '/blocks/0/elements/1/options/0/text/text',
      '/blocks/0/elements/1/options/1/value',
    ]);
  });

  it('rejects unknown block types, unknown properties and empty text', () => {
    const issues = validateBlocks(
      [{ type: 'sectoin', text: { type: 'mrkdwn', text: 'x' } }, { type: 'divider', text: 'x' }, section('')],
      'message',
    );
    expect(issues.map((i) => `${i.pointer} ${i.message}`)).toEqual([
      '/blocks/0 failed to match all allowed schemas',
      '/blocks/1 invalid additional property: text',
      '/blocks/2/text/text must be more than 0 characters',
    ]);
  });

  it('accepts input blocks with their element types and rejects buttons as input elements', () => {
    const input = (element: Record<string, unknown>) => ({
      type: 'input',
      label: { type: 'plain_text', text: 'L' },
      element,
    });
    expect(validateBlocks([input({ type: 'plain_text_input', action_id: 'a', multiline: true })], 'modal')).toEqual([]);
    expect(pointers(validateBlocks([input(button('b'))], 'modal'))).toEqual(['/blocks/0/element']);
    expect(
      pointers(
        validateBlocks(
          [{ ...input({ type: 'plain_text_input' }), label: { type: 'plain_text', text: 'l'.repeat(2001) } }],
          'modal',
        ),
      ),
    ).toEqual(['/blocks/0/label/text']);
  });

  it('sums the text of all blocks (for msg_blocks_too_long)', () => {
    expect(blocksTextLength([section('abc'), { type: 'section', fields: [{ type: 'mrkdwn', text: 'de' }] }])).toBe(5);
  });
});

describe('validateView', () => {
  const modal = (extra: Record<string, unknown> = {}) => ({
    type: 'modal',
    title: { type: 'plain_text', text: 'Approve step' },
    blocks: [section('hello')],
    ...extra,
  });

  it('accepts a modal and a home view', () => {
    expect(
      validateView(modal({ submit: { type: 'plain_text', text: 'OK' }, private_metadata: '{}' }), 'modal'),
    ).toEqual([]);
    expect(validateView({ type: 'home', blocks: [section('home')] }, 'home')).toEqual([]);
  });

  it('limits title, submit and close to 24 plain_text characters', () => {
    const issues = validateView(
      modal({
        title: { type: 'plain_text', text: 't'.repeat(25) },
        submit: { type: 'mrkdwn', text: 'x' },
        close: { type: 'plain_text', text: 'c'.repeat(25) },
      }),
      'modal',
    );
    expect(pointers(issues)).toEqual(['/view/title/text', '/view/close/text', '/view/submit/type']);
  });

  it('limits private_metadata to 3000 and callback_id to 255, and reports block pointers under /view', () => {
    const issues = validateView(
      modal({ private_metadata: 'm'.repeat(3001), callback_id: 'c'.repeat(256), blocks: [section('x'.repeat(3001))] }),
      'modal',
    );
    expect(pointers(issues)).toEqual(['/view/private_metadata', '/view/callback_id', '/view/blocks/0/text/text']);
  });

  it('requires submit when the modal has an input block, and a title', () => {
    const inputBlock = {
      type: 'input',
      label: { type: 'plain_text', text: 'Why' },
      element: { type: 'plain_text_input', action_id: 'why' },
    };
    expect(validateView(modal({ blocks: [inputBlock] }), 'modal').map((i) => i.message)).toEqual([
      'must provide submit when an input block is within the blocks array',
    ]);
    expect(validateView({ type: 'modal', blocks: [] }, 'modal')).toEqual([
      { pointer: '/view', message: 'missing required field: title' },
    ]);
  });

  it('rejects a modal where a home view is expected', () => {
    expect(pointers(validateView(modal(), 'home'))).toEqual(['/view/type']);
  });
});
