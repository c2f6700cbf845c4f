// Page state, server calls and small lookups shared by the page's modules.

const params = new URLSearchParams(location.search);
export const ui = {
  state: null,
  me: params.get('as') || localStorage.getItem('sandbox.me') || '',
  channelId: params.get('channel') || channelFromPermalink() || localStorage.getItem('sandbox.channel') || '',
  screen: 'channel',
  threadTs: null,
  /** viewId → { blockId: { actionId: value } }: what the person typed in a modal. */
  drafts: new Map(),
  /** viewId → { blockId: message }: the client-side "required field" errors. */
  clientErrors: new Map(),
  /** What the drawn modal shows ('' for none); null forces the next render to redraw. */
  modalKey: null,
  fireResult: null,
  /** The last request to the sandbox failed (the product stopped or is restarting). */
  unreachable: false,
};

export const $ = (id) => document.getElementById(id);

function channelFromPermalink() {
  const match = /^\/archives\/([A-Z0-9]+)/.exec(location.pathname);
  return match ? match[1] : '';
}

// ── data ────────────────────────────────────────────────────────────────

let fetching = false;
let dirty = false;
let refreshTimer = null;

export async function refresh() {
  if (fetching) {
    dirty = true;
    return;
  }
  fetching = true;
  try {
    const asked = ui.me;
    const state = await reachSandbox(() => fetch(`/_sandbox/state?user=${encodeURIComponent(asked)}`));
    if (!state) return;
    // The person switched users while this was on its way: it shows the other person's view.
    if (ui.me !== asked) {
      dirty = true;
      return;
    }
    ui.state = state;
    ui.me = ui.state.me;
    const visible = ui.state.channels;
    if (!visible.some((c) => c.id === ui.channelId)) ui.channelId = firstChannel(visible);
    rerender();
  } finally {
    fetching = false;
    if (dirty) {
      dirty = false;
      void refresh();
    }
  }
}

/** Where a first visit lands: the app's DM when it wrote there (the first-run walkthrough), else #incidents. */
function firstChannel(visible) {
  const dm = visible.find((c) => c.isIm && (ui.state.messages[c.id] ?? []).length > 0);
  return (dm ?? visible.find((c) => c.name === 'incidents') ?? visible[0])?.id ?? '';
}

export function scheduleRefresh() {
  if (refreshTimer) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    void refresh();
  }, 30);
}

/**
 * The product (and its sandbox) can stop and start again under the page: say so instead of
 * throwing, and let the event stream's reconnect bring the page back.
 */
async function reachSandbox(request) {
  try {
    const result = await (await request()).json();
    if (ui.unreachable) {
      ui.unreachable = false;
      if (ui.state) rerender();
    }
    return result;
  } catch {
    ui.unreachable = true;
    if (ui.state) rerender();
    return null;
  }
}

export async function act(action, body) {
  const result = await reachSandbox(() =>
    fetch(`/_sandbox/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: ui.me, ...body }),
    }),
  );
  if (!result) {
    toast('The sandbox is not reachable: is npm start still running?');
    return { ok: false, error: 'unreachable' };
  }
  // Field errors show under the inputs; anything else a person could not do shows as a toast.
  if (!result.ok && Object.keys(result.fieldErrors ?? {}).length === 0) toast(result.error ?? 'Something went wrong');
  return result;
}

export function toast(text) {
  const el = $('toast');
  el.textContent = text;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => {
    el.hidden = true;
  }, 6000);
}

// ── helpers ─────────────────────────────────────────────────────────────

export function userName(id) {
  if (id === ui.state.workspace.botUserId) return ui.state.workspace.botName;
  return ui.state.users.find((u) => u.id === id)?.displayName ?? id;
}

export function channelName(id) {
  return ui.state.channels.find((c) => c.id === id)?.name ?? id;
}

export function time(ts) {
  return new Date(Number(ts) * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function currentChannel() {
  return ui.state.channels.find((c) => c.id === ui.channelId);
}

export function channelLabel(c) {
  return c.isIm ? `${ui.state.workspace.botName} (DM)` : `#${c.name}`;
}

/** Failures tied to a message (an unacknowledged click): Slack shows a warning next to it. */
export function messageWarnings(ts) {
  return ui.state.failures.filter(
    (f) => f.messageTs === ts && (f.kind === 'ack_timeout' || f.kind === 'dispatch_failed'),
  );
}

let renderer = () => {};

/** app.js registers the function that redraws everything; others ask for a redraw through rerender(). */
export function onRender(fn) {
  renderer = fn;
}

export function rerender() {
  renderer();
}
