// Block Kit → DOM. Every string goes through textContent or an attribute setter, never innerHTML.
import { isSafeUrl, parseMrkdwn } from './mrkdwn.js';
import { formatSlackDate } from './slack-date.js';

/** Creates an element with attributes and children (strings become text nodes). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'value') el.value = value;
    else if (key === 'checked' || key === 'selected' || key === 'disabled' || key === 'multiple')
      el[key] = Boolean(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  el.append(...flatten(children));
  return el;
}

/** Replaces an element's children; arrays are flattened and empty values skipped (unlike replaceChildren). */
export function fill(el, ...children) {
  el.replaceChildren(...flatten(children));
  return el;
}

function flatten(children) {
  return children
    .flat(Number.POSITIVE_INFINITY)
    .filter((c) => c !== undefined && c !== null && c !== false && c !== '')
    .map((c) => (typeof c === 'string' ? document.createTextNode(c) : c));
}

/** Renders a mrkdwn string; ctx.userName / ctx.channelName resolve <@U…> and <#C…>. */
export function mrkdwn(text, ctx) {
  return h('span', { class: 'mrkdwn' }, mrkdwnNodes(parseMrkdwn(text), ctx));
}

function mrkdwnNodes(nodes, ctx) {
  return nodes.map((node) => {
    switch (node.t) {
      case 'text':
        return emojify(node.v);
      case 'bold':
        return h('strong', {}, mrkdwnNodes(node.c, ctx));
      case 'italic':
        return h('em', {}, mrkdwnNodes(node.c, ctx));
      case 'strike':
        return h('s', {}, mrkdwnNodes(node.c, ctx));
      case 'quote':
        return h('blockquote', {}, mrkdwnNodes(node.c, ctx));
      case 'code':
        return h('code', {}, node.v);
      case 'pre':
        return h('pre', {}, node.v);
      case 'br':
        return h('br');
      case 'user':
        return h('span', { class: 'mention' }, `@${node.label ?? ctx.userName(node.id)}`);
      case 'channel':
        return h('span', { class: 'mention' }, `#${node.label ?? ctx.channelName(node.id)}`);
      case 'special':
        return h('span', { class: 'mention' }, node.label);
      case 'date':
        return dateElement(node);
      case 'link':
        return isSafeUrl(node.url)
          ? h('a', { href: node.url, target: '_blank', rel: 'noopener noreferrer' }, node.label)
          : `<${node.label}>`;
      default:
        return '';
    }
  });
}

/** A date in the reader's local time, as Slack shows it; the fallback only when it cannot be read. */
function dateElement(node) {
  const shown = formatSlackDate(node.ts, node.format) ?? node.fallback;
  const title = new Date(Number(node.ts) * 1000).toString();
  return node.url && isSafeUrl(node.url)
    ? h('a', { href: node.url, target: '_blank', rel: 'noopener noreferrer', title }, shown)
    : h('time', { 'data-testid': 'slack-date', title }, shown);
}

/** A text object: plain_text shown as-is, mrkdwn parsed. */
export function textObject(text, ctx) {
  if (!text) return '';
  if (text.type === 'mrkdwn') return mrkdwn(text.text, ctx);
  return h('span', {}, text.emoji === false ? String(text.text ?? '') : emojify(String(text.text ?? '')));
}

function plain(text) {
  return text && typeof text.text === 'string' ? emojify(text.text) : '';
}

/** The emoji shortcodes a runbook bot tends to use; unknown ones stay as :name:. */
const EMOJI = {
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  x: '❌',
  warning: '⚠️',
  rotating_light: '🚨',
  fire: '🔥',
  hourglass: '⌛',
  hourglass_flowing_sand: '⏳',
  red_circle: '🔴',
  large_green_circle: '🟢',
  large_yellow_circle: '🟡',
  green_circle: '🟢',
  yellow_circle: '🟡',
  octagonal_sign: '🛑',
  stop_sign: '🛑',
  bell: '🔔',
  robot_face: '🤖',
  lock: '🔒',
  mag: '🔍',
  arrow_forward: '▶️',
  leftwards_arrow_with_hook: '↩️',
  rewind: '⏪',
  star: '⭐',
  thumbsup: '👍',
  '+1': '👍',
  thumbsdown: '👎',
  eyes: '👀',
  memo: '📝',
  clipboard: '📋',
  gear: '⚙️',
  zap: '⚡',
  information_source: 'ℹ️',
  question: '❓',
  no_entry: '⛔',
  pause_button: '⏸️',
  checkered_flag: '🏁',
  wave: '👋',
};

export function emojify(text) {
  return text.replace(/:([a-z0-9_+-]+):/g, (whole, name) => EMOJI[name] ?? whole);
}

/**
 * Renders blocks. ctx: { surface, userName, channelName, users, channels,
 *   onButton(element, block), onSelect(element, block, value), draft(blockId, actionId), setDraft(…), errors }
 */
export function renderBlocks(blocks, ctx) {
  return h(
    'div',
    { class: 'blocks' },
    (blocks ?? []).map((block) => renderBlock(block, ctx)),
  );
}

function renderBlock(block, ctx) {
  const attrs = { class: `block block-${block.type}`, 'data-block-id': block.block_id };
  switch (block.type) {
    case 'section':
      return h(
        'div',
        attrs,
        h(
          'div',
          { class: 'section-main' },
          block.text ? h('div', { class: 'section-text' }, textObject(block.text, ctx)) : null,
          block.fields
            ? h(
                'div',
                { class: 'section-fields' },
                block.fields.map((f) => h('div', { class: 'field' }, textObject(f, ctx))),
              )
            : null,
        ),
        block.accessory ? h('div', { class: 'accessory' }, renderElement(block.accessory, block, ctx)) : null,
      );
    case 'header':
      return h('h3', attrs, plain(block.text));
    case 'divider':
      return h('hr', attrs);
    case 'context':
      return h(
        'div',
        attrs,
        (block.elements ?? []).map((el) =>
          el.type === 'image'
            ? imageElement(el, 'context-image')
            : h('span', { class: 'context-text' }, textObject(el, ctx)),
        ),
      );
    case 'actions':
      return h(
        'div',
        attrs,
        (block.elements ?? []).map((el) => renderElement(el, block, ctx)),
      );
    case 'image':
      return h(
        'figure',
        attrs,
        block.title ? h('figcaption', {}, plain(block.title)) : null,
        imageElement(block, 'block-image-img'),
      );
    case 'input':
      return renderInput(block, ctx);
    case 'rich_text':
      return h(
        'div',
        attrs,
        (block.elements ?? []).map((el) => richTextElement(el, ctx)),
      );
    case 'markdown':
      return h('div', attrs, mrkdwn(block.text ?? '', ctx));
    default:
      return h('div', { ...attrs, class: 'block block-unsupported' }, `[${block.type} block]`);
  }
}

function imageElement(el, className) {
  const url = el.image_url ?? '';
  return isSafeUrl(url)
    ? h('img', { class: className, src: url, alt: el.alt_text ?? '' })
    : h('span', {}, `[image: ${el.alt_text ?? ''}]`);
}

function richTextElement(el, ctx) {
  const inline = (items) =>
    (items ?? []).map((item) => {
      if (item.type === 'text') {
        const node = item.style?.code ? h('code', {}, item.text) : item.text;
        return item.style?.bold ? h('strong', {}, node) : item.style?.italic ? h('em', {}, node) : node;
      }
      if (item.type === 'link')
        return isSafeUrl(item.url)
          ? h('a', { href: item.url, target: '_blank', rel: 'noopener noreferrer' }, item.text ?? item.url)
          : item.url;
      if (item.type === 'user') return h('span', { class: 'mention' }, `@${ctx.userName(item.user_id)}`);
      if (item.type === 'channel') return h('span', { class: 'mention' }, `#${ctx.channelName(item.channel_id)}`);
      if (item.type === 'emoji') return emojify(`:${item.name}:`);
      if (item.type === 'broadcast') return h('span', { class: 'mention' }, `@${item.range}`);
      return '';
    });
  switch (el.type) {
    case 'rich_text_section':
      return h('div', {}, inline(el.elements));
    case 'rich_text_preformatted':
      return h('pre', {}, inline(el.elements));
    case 'rich_text_quote':
      return h('blockquote', {}, inline(el.elements));
    case 'rich_text_list':
      return h(
        el.style === 'ordered' ? 'ol' : 'ul',
        {},
        (el.elements ?? []).map((item) => h('li', {}, inline(item.elements))),
      );
    default:
      return '';
  }
}

/** Interactive elements in sections and actions blocks (messages, modals and home alike). */
function renderElement(el, block, ctx) {
  switch (el.type) {
    case 'button': {
      const label = plain(el.text);
      return h(
        'button',
        {
          class: `sk-button ${el.style ?? ''}`,
          type: 'button',
          'data-testid': `button-${el.action_id}`,
          'data-action-id': el.action_id,
          'aria-label': el.accessibility_label ?? label,
          onclick: () => ctx.onButton(el, block),
        },
        label,
        ctx.warn?.(el) ? h('span', { class: 'warn', title: 'The app did not respond in time' }, ' ⚠') : null,
      );
    }
    case 'static_select':
      return h(
        'select',
        {
          class: 'sk-select',
          'data-testid': `select-${el.action_id}`,
          'aria-label': plain(el.placeholder) || el.action_id,
          onchange: (event) => ctx.onSelect(el, block, event.target.value),
        },
        h('option', { value: '', selected: !el.initial_option }, plain(el.placeholder) || 'Select…'),
        optionsOf(el).map((o) =>
          h('option', { value: o.value, selected: el.initial_option?.value === o.value }, plain(o.text)),
        ),
      );
    case 'image':
      return imageElement(el, 'accessory-image');
    case 'overflow':
      return h('span', { class: 'sk-overflow', title: 'Overflow menus are not interactive in the sandbox' }, '⋯');
    default:
      return h('span', { class: 'sk-unsupported' }, `[${el.type}]`);
  }
}

export function optionsOf(el) {
  if (el.options) return el.options;
  return (el.option_groups ?? []).flatMap((g) => g.options ?? []);
}

/** Input blocks (modals): controls keep the person's draft via ctx.draft / ctx.setDraft. */
function renderInput(block, ctx) {
  const el = block.element ?? {};
  const id = `${block.block_id}-${el.action_id}`;
  const error = ctx.errors?.[block.block_id];
  return h(
    'div',
    { class: `block block-input${error ? ' has-error' : ''}`, 'data-block-id': block.block_id },
    h(
      'label',
      { class: 'input-label', for: `in-${id}` },
      plain(block.label),
      block.optional ? h('span', { class: 'optional' }, ' (optional)') : null,
    ),
    inputControl(block, el, id, ctx),
    block.hint ? h('div', { class: 'hint' }, plain(block.hint)) : null,
    error
      ? h('div', { class: 'field-error', role: 'alert', 'data-testid': `field-error-${block.block_id}` }, error)
      : null,
  );
}

function inputControl(block, el, id, ctx) {
  const current = ctx.draft(block.block_id, el.action_id);
  const set = (value) => ctx.setDraft(block.block_id, el.action_id, value);
  const testid = `input-${block.block_id}-${el.action_id}`;
  const label = plain(block.label);
  switch (el.type) {
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input':
    case 'datepicker':
    case 'timepicker': {
      const type =
        {
          email_text_input: 'email',
          url_text_input: 'url',
          number_input: 'number',
          datepicker: 'date',
          timepicker: 'time',
        }[el.type] ?? 'text';
      const attrs = {
        id: `in-${id}`,
        'data-testid': testid,
        'aria-label': label,
        placeholder: plain(el.placeholder),
        value: current ?? '',
        oninput: (event) => set(event.target.value),
      };
      return el.multiline ? h('textarea', { ...attrs, rows: 4 }) : h('input', { ...attrs, type });
    }
    case 'static_select':
    case 'external_select':
    case 'users_select':
    case 'conversations_select':
    case 'channels_select':
    case 'multi_static_select':
    case 'multi_users_select':
    case 'multi_conversations_select':
    case 'multi_channels_select': {
      const multiple = el.type.startsWith('multi_');
      const choices = selectChoices(el, ctx);
      const selected = new Set([].concat(current ?? []));
      return h(
        'select',
        {
          id: `in-${id}`,
          'data-testid': testid,
          'aria-label': label,
          multiple,
          onchange: (event) =>
            set(multiple ? [...event.target.selectedOptions].map((o) => o.value) : event.target.value),
        },
        multiple ? null : h('option', { value: '' }, plain(el.placeholder) || 'Select…'),
        choices.map((c) => h('option', { value: c.value, selected: selected.has(c.value) }, c.label)),
      );
    }
    case 'radio_buttons':
    case 'checkboxes': {
      const isRadio = el.type === 'radio_buttons';
      const selected = new Set([].concat(current ?? []));
      return h(
        'div',
        { class: 'choice-group', role: isRadio ? 'radiogroup' : 'group', 'aria-label': label, id: `in-${id}` },
        optionsOf(el).map((o) =>
          h(
            'label',
            { class: 'choice' },
            h('input', {
              type: isRadio ? 'radio' : 'checkbox',
              name: id,
              value: o.value,
              checked: selected.has(o.value),
              'data-testid': `${isRadio ? 'radio' : 'checkbox'}-${block.block_id}-${el.action_id}-${o.value}`,
              onchange: (event) => {
                if (isRadio) set(o.value);
                else {
                  const next = new Set([].concat(ctx.draft(block.block_id, el.action_id) ?? []));
                  if (event.target.checked) next.add(o.value);
                  else next.delete(o.value);
                  set([...next]);
                }
              },
            }),
            ' ',
            textObject(o.text, ctx),
          ),
        ),
      );
    }
    default:
      return h('span', { class: 'sk-unsupported' }, `[${el.type} input]`);
  }
}

function selectChoices(el, ctx) {
  if (el.type.includes('users_select')) return ctx.users.map((u) => ({ value: u.id, label: u.displayName }));
  if (el.type.includes('conversations_select') || el.type.includes('channels_select')) {
    return ctx.channels.filter((c) => !c.isIm).map((c) => ({ value: c.id, label: `#${c.name}` }));
  }
  return optionsOf(el).map((o) => ({ value: o.value, label: plain(o.text) }));
}

/** The value an input starts with: initial_value / initial_option(s) / initial_* fields. */
export function initialValue(el) {
  if (el.initial_option) return el.initial_option.value;
  if (el.initial_options) return el.initial_options.map((o) => o.value);
  for (const key of [
    'initial_value',
    'initial_date',
    'initial_time',
    'initial_user',
    'initial_conversation',
    'initial_channel',
  ]) {
    if (typeof el[key] === 'string') return el[key];
  }
  if (el.initial_users) return el.initial_users;
  return undefined;
}
