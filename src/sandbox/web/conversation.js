// The middle and right columns: a channel's messages, ephemerals, and the thread pane.
import { blockContext } from './context.js';
import { fill, h, renderBlocks } from './render.js';
import { $, act, channelLabel, currentChannel, messageWarnings, time, ui } from './state.js';

export function renderMain() {
  const composer = $('composer');
  if (ui.screen === 'home') {
    composer.hidden = true;
    fill($('main-header'), `${ui.state.workspace.botName} · Home`);
    const home = ui.state.home;
    fill(
      $('main-body'),
      h(
        'div',
        { class: 'home', 'data-testid': 'home-tab' },
        home
          ? renderBlocks(home.definition.blocks, blockContext({ surface: 'home', viewId: home.id }))
          : h('p', { class: 'empty' }, 'The app has not published a Home tab for you yet.'),
      ),
    );
    return;
  }
  composer.hidden = false;
  const channel = currentChannel();
  if (!channel) {
    fill($('main-header'), 'No channel');
    fill($('main-body'));
    return;
  }
  fill(
    $('main-header'),
    channelLabel(channel),
    channel.botIsMember ? '' : h('span', { class: 'only-you' }, ' (the app is not in this channel)'),
  );
  $('composer-input').setAttribute('aria-label', `Message ${channelLabel(channel)}`);
  const body = $('main-body');
  const atBottom = body.scrollHeight - body.scrollTop - body.clientHeight < 40;
  const messages = (ui.state.messages[channel.id] ?? []).filter(
    (m) => !m.threadTs || m.threadTs === m.ts || m.broadcast,
  );
  const ephemerals = ui.state.ephemerals.filter((e) => e.channel === channel.id && !e.threadTs);
  const items = [
    ...messages.map((m) => ({ ts: m.ts, node: messageRow(m, channel) })),
    ...ephemerals.map((e) => ({ ts: e.ts, node: ephemeralRow(e, channel) })),
  ];
  items.sort((a, b) => Number(a.ts) - Number(b.ts));
  fill(
    body,
    ...(items.length
      ? items.map((i) => i.node)
      : [h('p', { class: 'empty' }, 'No messages yet. Try /runbook help or @runbook.')]),
  );
  if (atBottom) body.scrollTop = body.scrollHeight;
}

export function avatar(name, kind) {
  return h('div', { class: `avatar ${kind}`, 'aria-hidden': 'true' }, name.slice(0, 1).toUpperCase());
}

export function messageRow(m, channel, inThread = false) {
  const warnings = messageWarnings(m.ts);
  const ctx = blockContext({ surface: 'message', channelId: channel.id, messageTs: m.ts });
  return h(
    'article',
    { class: 'msg', 'data-testid': 'message', 'data-ts': m.ts, 'aria-label': `Message from ${m.author}` },
    avatar(m.author, m.isBot ? 'bot' : ''),
    h(
      'div',
      {},
      h(
        'div',
        { class: 'msg-head' },
        h('span', { class: 'msg-author' }, m.author),
        m.isBot ? h('span', { class: 'app-badge' }, 'APP') : null,
        h('span', { class: 'msg-time' }, time(m.ts)),
        m.edited ? h('span', { class: 'edited' }, '(edited)') : null,
        warnings.length
          ? h(
              'span',
              { class: 'warn', 'data-testid': 'message-warning', title: warnings[0].description },
              '⚠ The app did not respond',
            )
          : null,
      ),
      m.blocks ? renderBlocks(m.blocks, ctx) : h('div', { class: 'msg-text' }, renderText(m.text)),
      m.reactions.length
        ? h(
            'div',
            { class: 'reactions' },
            m.reactions.map((r) =>
              h('span', { class: 'reaction', 'data-testid': `reaction-${r.name}` }, `:${r.name}: ${r.count}`),
            ),
          )
        : null,
      !inThread && m.replyCount > 0
        ? h(
            'button',
            { class: 'replies', 'data-testid': 'open-thread', 'data-ts': m.ts, onclick: () => openThread(m.ts) },
            `${m.replyCount} ${m.replyCount === 1 ? 'reply' : 'replies'}`,
          )
        : null,
      !inThread && m.replyCount === 0
        ? h(
            'button',
            {
              class: 'replies',
              'data-testid': 'reply-in-thread',
              'aria-label': 'Reply in thread',
              onclick: () => openThread(m.ts),
            },
            'Reply',
          )
        : null,
    ),
  );
}

export function renderText(text) {
  return renderBlocks([{ type: 'section', text: { type: 'mrkdwn', text } }], blockContext({ surface: 'message' }));
}

export function ephemeralRow(e, channel) {
  const author = e.from === 'slack' ? 'Slackbot' : ui.state.workspace.botName;
  const ctx = blockContext({ surface: 'message', channelId: channel.id, messageTs: e.ts });
  return h(
    'article',
    {
      class: 'msg ephemeral',
      'data-testid': 'ephemeral',
      'data-ts': e.ts,
      'aria-label': `Only visible to you, from ${author}`,
    },
    avatar(author, e.from === 'slack' ? 'slack' : 'bot'),
    h(
      'div',
      {},
      h(
        'div',
        { class: 'msg-head' },
        h('span', { class: 'msg-author' }, author),
        h('span', { class: 'msg-time' }, time(e.ts)),
        h('span', { class: 'only-you' }, 'Only visible to you'),
      ),
      e.blocks ? renderBlocks(e.blocks, ctx) : h('div', { class: 'msg-text' }, renderText(e.text)),
    ),
  );
}

export function openThread(ts) {
  ui.threadTs = ts;
  renderThread();
}

export function renderThread() {
  const pane = $('thread');
  const channel = ui.screen === 'channel' ? currentChannel() : undefined;
  const all = channel ? (ui.state.messages[channel.id] ?? []) : [];
  const parent = all.find((m) => m.ts === ui.threadTs);
  if (!parent || !channel) {
    pane.hidden = true;
    fill(pane);
    return;
  }
  const previousInput = pane.querySelector('textarea');
  const draft = previousInput ? previousInput.value : '';
  const hadFocus = previousInput && document.activeElement === previousInput;
  const scroll = threadScroll(pane, parent.ts);
  pane.hidden = false;
  const replies = all.filter((m) => m.threadTs === parent.ts && m.ts !== parent.ts);
  const ephemerals = ui.state.ephemerals.filter((e) => e.channel === channel.id && e.threadTs === parent.ts);
  const items = [
    ...replies.map((m) => ({ ts: m.ts, node: messageRow(m, channel, true) })),
    ...ephemerals.map((e) => ({ ts: e.ts, node: ephemeralRow(e, channel) })),
  ];
  items.sort((a, b) => Number(a.ts) - Number(b.ts));
  const input = h('textarea', {
    'data-testid': 'thread-composer-input',
    'aria-label': 'Reply in thread',
    rows: 2,
    value: draft,
    onkeydown: submitOnEnter,
  });
  fill(
    pane,
    h(
      'div',
      { class: 'thread-header' },
      h('span', {}, `Thread in ${channelLabel(channel)}`),
      h(
        'button',
        {
          class: 'icon-button',
          'data-testid': 'thread-close',
          'aria-label': 'Close thread',
          onclick: () => openThread(null),
        },
        '✕',
      ),
    ),
    h(
      'div',
      { class: 'thread-body' },
      messageRow(parent, channel, true),
      h('div', { class: 'thread-count' }, `${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}`),
      items.map((i) => i.node),
    ),
    h(
      'form',
      {
        class: 'composer',
        onsubmit: (e) => {
          e.preventDefault();
          const text = input.value;
          input.value = '';
          void act('compose', { channelId: channel.id, text, threadTs: parent.ts });
        },
      },
      input,
      h('button', { type: 'submit', 'data-testid': 'thread-composer-send' }, 'Reply'),
    ),
  );
  if (hadFocus) input.focus();
  scroll.restore(pane.querySelector('.thread-body'));
}

/**
 * Like Slack, a thread opens at its latest reply and follows new ones while the reader is at
 * the bottom; a reader who scrolled up keeps their place. (The pane is redrawn on each change.)
 */
function threadScroll(pane, ts) {
  const body = pane.querySelector('.thread-body');
  const sameThread = pane.dataset.threadTs === ts;
  pane.dataset.threadTs = ts;
  const follow = !body || !sameThread || body.scrollHeight - body.scrollTop - body.clientHeight < 40;
  const top = body?.scrollTop ?? 0;
  return {
    restore(next) {
      if (next) next.scrollTop = follow ? next.scrollHeight : top;
    },
  };
}

export function submitOnEnter(event) {
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    event.target.form.requestSubmit();
  }
}
