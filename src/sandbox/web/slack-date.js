// Slack's <!date^unix^format|fallback> rendered as Slack does: in the reader's own time zone,
// with Slack's tokens. Pure (the current time is passed in), so Node tests can check it.

const DAY_MS = 86_400_000;

function ordinal(n) {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${{ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th'}`;
}

function dayStart(date) {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/** "Today", "Yesterday" or "Tomorrow" when the date is that close, else null. */
function relativeDay(date, now) {
  const days = Math.round((dayStart(date) - dayStart(now)) / DAY_MS);
  return { 0: 'Today', '-1': 'Yesterday', 1: 'Tomorrow' }[days] ?? null;
}

function month(date, style) {
  return date.toLocaleString('en-US', { month: style });
}

function ago(date, now) {
  const seconds = Math.round((now.getTime() - date.getTime()) / 1000);
  const future = seconds < 0;
  const abs = Math.abs(seconds);
  const [value, unit] =
    abs < 60
      ? [abs, 'second']
      : abs < 3600
        ? [Math.floor(abs / 60), 'minute']
        : abs < DAY_MS / 1000
          ? [Math.floor(abs / 3600), 'hour']
          : [Math.floor(abs / 86_400), 'day'];
  const words = `${value} ${unit}${value === 1 ? '' : 's'}`;
  return future ? `in ${words}` : `${words} ago`;
}

function time(date, seconds) {
  return date.toLocaleTimeString('en-US', {
    hour: 'numeric',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
  });
}

/** Every token Slack documents for date formatting, in the reader's local time. */
function tokens(date, now) {
  const day = ordinal(date.getDate());
  const year = date.getFullYear();
  const weekday = date.toLocaleString('en-US', { weekday: 'long' });
  const full = `${month(date, 'long')} ${day}, ${year}`;
  const short = `${month(date, 'short')} ${date.getDate()}, ${year}`;
  const long = `${weekday}, ${full}`;
  const relative = relativeDay(date, now);
  const pad = (n) => String(n).padStart(2, '0');
  return {
    date_num: `${year}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`,
    date: full,
    date_short: short,
    date_long: long,
    date_pretty: relative ?? full,
    date_short_pretty: relative ?? short,
    date_long_pretty: relative ?? long,
    time: time(date, false),
    time_secs: time(date, true),
    ago: ago(date, now),
  };
}

/** Formats `<!date^unix^format|…>`; null when the timestamp is not a number (show the fallback). */
export function formatSlackDate(unixSeconds, format, now = new Date()) {
  const seconds = Number(unixSeconds);
  if (!Number.isFinite(seconds) || String(unixSeconds).trim() === '') return null;
  const values = tokens(new Date(seconds * 1000), now);
  return format.replace(/\{([a-z_]+)\}/g, (whole, name) => values[name] ?? whole);
}
