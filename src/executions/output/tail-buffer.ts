/**
 * The last few lines of a stream, in bounded memory, plus counts of what came before:
 * what a Slack message can show of a running step.
 */
export interface TailSnapshot {
  /** The shown tail: at most maxLines lines and maxChars characters. */
  tail: string;
  /** Whole lines that were written but are not (even partly) in `tail`. */
  truncatedLines: number;
  /** UTF-8 bytes pushed so far. */
  totalBytes: number;
}

export interface TailBuffer {
  push(chunk: string): void;
  snapshot(): TailSnapshot;
}

/** Marks a line whose beginning was cut to fit the character budget. */
export const CUT_MARK = '…';

export function createTailBuffer(options: { maxLines: number; maxChars: number }): TailBuffer {
  const maxLines = Math.max(1, options.maxLines);
  const maxChars = Math.max(CUT_MARK.length + 1, options.maxChars);
  /** Completed lines, newest last; never more than maxLines. */
  let lines: string[] = [];
  let partial = '';
  let completedLines = 0;
  let totalBytes = 0;

  // A single line longer than the budget can only ever show its end, so keep just that.
  const clip = (line: string): string =>
    line.length > maxChars ? CUT_MARK + line.slice(-(maxChars - CUT_MARK.length)) : line;
  // Progress bars redraw with '\r': a terminal would show only the last redraw.
  const visible = (line: string): string => {
    const body = line.endsWith('\r') ? line.slice(0, -1) : line;
    return body.slice(body.lastIndexOf('\r') + 1);
  };

  return {
    push(chunk) {
      if (chunk === '') return;
      totalBytes += Buffer.byteLength(chunk, 'utf8');
      const parts = chunk.split('\n');
      const last = parts.pop() ?? '';
      if (parts.length > 0) {
        const finished = [partial + (parts[0] ?? ''), ...parts.slice(1)].slice(-maxLines).map((l) => clip(visible(l)));
        completedLines += parts.length;
        lines = lines.concat(finished).slice(-maxLines);
        partial = '';
      }
      partial = clip(partial + last);
    },
    snapshot() {
      const all = partial === '' ? lines : [...lines, visible(partial)];
      const totalLines = completedLines + (partial === '' ? 0 : 1);
      const shown: string[] = [];
      let chars = 0;
      for (let i = all.length - 1; i >= 0 && shown.length < maxLines; i--) {
        const line = all[i] ?? '';
        // every stored line fits on its own (clip), so the newest line is always shown
        chars += line.length + (shown.length > 0 ? 1 : 0);
        if (chars > maxChars) break;
        shown.push(line);
      }
      return { tail: shown.reverse().join('\n'), truncatedLines: totalLines - shown.length, totalBytes };
    },
  };
}
