// The left column: person switcher, channels, App Home, sandbox status and recent failures.
import { fill, h } from './render.js';
import { $, act, refresh, rerender, time, ui } from './state.js';

/**
 * Another person takes the laptop: what the previous one had open (their modal, a confirm
 * dialog) is theirs, so it goes; it stays open on the server and comes back with them.
 */
function switchUser(userId) {
  ui.me = userId;
  localStorage.setItem('sandbox.me', ui.me);
  // null, not '': the no-modal key is '', and an equal key would leave the old modal drawn.
  ui.modalKey = null;
  for (const dialog of document.querySelectorAll('[data-testid="confirm-dialog"]')) dialog.remove();
  void refresh();
}

export function renderSidebar() {
  const s = ui.state;
  const channels = s.channels.filter((c) => !c.isIm);
  const dm = s.channels.find((c) => c.isIm);
  fill(
    $('sidebar'),
    h('h1', {}, s.workspace.teamName),
    h('label', { for: 'user-switcher' }, 'Acting as'),
    h(
      'select',
      {
        id: 'user-switcher',
        'data-testid': 'user-switcher',
        'aria-label': 'Act as',
        onchange: (e) => {
          switchUser(e.target.value);
        },
      },
      s.users.map((u) =>
        h('option', { value: u.id, selected: u.id === s.me }, `${u.displayName}${u.title ? ` — ${u.title}` : ''}`),
      ),
    ),
    h('h2', {}, 'Apps'),
    h(
      'button',
      {
        class: `nav-item${ui.screen === 'home' ? ' active' : ''}`,
        'data-testid': 'open-home',
        onclick: () => {
          ui.screen = 'home';
          ui.threadTs = null;
          rerender();
          void act('home', {});
        },
      },
      `${s.workspace.botName} · Home`,
    ),
    h('h2', {}, 'Channels'),
    channels.map((c) =>
      h(
        'button',
        {
          class: `nav-item${ui.screen === 'channel' && c.id === ui.channelId ? ' active' : ''}`,
          'data-testid': `channel-${c.name}`,
          onclick: () => selectChannel(c.id),
        },
        `${c.isPrivate ? '🔒 ' : '# '}${c.name}`,
      ),
    ),
    dm
      ? [
          h('h2', {}, 'Direct messages'),
          h(
            'button',
            {
              class: `nav-item${ui.screen === 'channel' && dm.id === ui.channelId ? ' active' : ''}`,
              'data-testid': 'channel-dm',
              onclick: () => selectChannel(dm.id),
            },
            s.workspace.botName,
          ),
        ]
      : null,
    h('h2', {}, 'Sandbox'),
    h(
      'div',
      { class: `status ${s.connections > 0 && !ui.unreachable ? 'ok' : 'down'}`, 'data-testid': 'connection-status' },
      ui.unreachable
        ? 'Sandbox not reachable: is npm start still running?'
        : s.connections > 0
          ? `App connected (${s.connections})`
          : 'App not connected',
    ),
    h(
      'button',
      {
        class: 'fire',
        'data-testid': 'fire-alert',
        onclick: fireAlert,
        disabled: !s.workspace.fireAlertAvailable,
        title: s.workspace.fireAlertAvailable
          ? 'Sends a signed sample delivery to the product webhook'
          : 'No alert source is wired to this sandbox',
      },
      '🔥 Fire sample PagerDuty alert',
    ),
    ui.fireResult
      ? h(
          'div',
          { class: 'fire-result', 'data-testid': 'fire-alert-result' },
          `${ui.fireResult.ok ? '✓' : '✗'} ${ui.fireResult.detail}`,
        )
      : null,
    h(
      'div',
      { class: 'stats', 'data-testid': 'stats' },
      `API calls ${Object.values(s.stats.calls).reduce((a, b) => a + b, 0)} · 429s ${s.stats.rateLimited} · fast edits ${s.stats.updateViolations} · ack timeouts ${s.stats.ackTimeouts}`,
    ),
    h('h2', {}, `Recent events (${(s.events ?? []).length})`),
    h(
      'ul',
      { class: 'failures', 'data-testid': 'events-panel', 'aria-label': 'Recent Events API deliveries' },
      (s.events ?? []).length === 0
        ? h('li', { class: 'none' }, 'None')
        : s.events.map((ev) =>
            h(
              'li',
              { 'data-testid': 'event-item', 'data-type': ev.eventType },
              `${time(ev.at / 1000)} ${ev.eventType} ${ev.eventId}${ev.retryAttempt ? ` · retry_num ${ev.retryAttempt} (${ev.retryReason})` : ''} · ${ev.status}`,
            ),
          ),
    ),
    h('h2', {}, `Recent failures (${s.failures.length})`),
    h(
      'ul',
      { class: 'failures', 'data-testid': 'failures-panel', 'aria-label': 'Recent failures' },
      s.failures.length === 0
        ? h('li', { class: 'none' }, 'None')
        : s.failures.map((f) =>
            h(
              'li',
              { 'data-testid': 'failure-item', 'data-kind': f.kind },
              `${time(f.at / 1000)} ${f.kind}: ${f.description}`,
            ),
          ),
    ),
  );
}

export function selectChannel(id) {
  ui.screen = 'channel';
  ui.channelId = id;
  ui.threadTs = null;
  localStorage.setItem('sandbox.channel', id);
  rerender();
}

export async function fireAlert() {
  const result = await act('fire-alert', {});
  ui.fireResult = result.result ?? { ok: false, detail: result.error };
  renderSidebar();
}
