/**
 * Keeps a bounded amount of output: the HEAD (where the first error usually is) and the
 * TAIL (where the final status is), with a marker saying how much was dropped between.
 * Memory stays at about `capBytes` plus one chunk, however much the command prints.
 */

/** Share of the cap given to the head; the tail gets the rest. */
export const HEAD_SHARE = 0.25;

export interface CappedOutput {
  text: string;
  truncated: boolean;
  /** Bytes of output dropped between head and tail. */
  omittedBytes: number;
}

export interface OutputCap {
  append(text: string): void;
  result(): CappedOutput;
}

const NEWLINE = 0x0a;
const isUtf8Continuation = (byte: number | undefined): boolean => byte !== undefined && (byte & 0xc0) === 0x80;

/** The longest prefix of `buf` that does not end inside a multi-byte UTF-8 character. */
function completeUtf8Prefix(buf: Buffer): Buffer {
  let i = buf.length - 1;
  let continuation = 0;
  while (i >= 0 && continuation < 3 && isUtf8Continuation(buf[i])) {
    i--;
    continuation++;
  }
  if (i < 0) return buf.subarray(0, 0);
  const lead = buf[i]!;
  const width = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return width === continuation + 1 ? buf : buf.subarray(0, i);
}

/** Cut the head at its last newline (or at least at a character boundary). */
function alignHead(buf: Buffer): Buffer {
  const nl = buf.lastIndexOf(NEWLINE);
  if (nl !== -1 && nl >= buf.length / 2) return buf.subarray(0, nl + 1);
  return completeUtf8Prefix(buf);
}

/** Start the tail after its first newline (or at least at a character boundary). */
function alignTail(buf: Buffer): Buffer {
  const nl = buf.indexOf(NEWLINE);
  if (nl !== -1 && nl < buf.length / 2) return buf.subarray(nl + 1);
  let start = 0;
  while (start < buf.length && isUtf8Continuation(buf[start])) start++;
  return buf.subarray(start);
}

export function createOutputCap(capBytes: number): OutputCap {
  const cap = Math.max(1, Math.floor(capBytes));
  const headLimit = Math.floor(cap * HEAD_SHARE);
  const tailLimit = cap - headLimit;
  const head: Buffer[] = [];
  let headBytes = 0;
  const tail: Buffer[] = [];
  let tailBytes = 0;
  let total = 0;

  return {
    append(text) {
      let buf = Buffer.from(text, 'utf8');
      total += buf.length;
      if (headBytes < headLimit) {
        const take = Math.min(headLimit - headBytes, buf.length);
        head.push(buf.subarray(0, take));
        headBytes += take;
        buf = buf.subarray(take);
      }
      if (buf.length === 0) return;
      tail.push(buf);
      tailBytes += buf.length;
      // drop whole chunks that lie entirely before the last tailLimit bytes
      while (tail.length > 1 && tailBytes - tail[0]!.length >= tailLimit) {
        tailBytes -= tail.shift()!.length;
      }
    },
    result() {
      const headBuf = Buffer.concat(head);
      const tailAll = Buffer.concat(tail);
      const tailBuf = tailAll.subarray(Math.max(0, tailAll.length - tailLimit));
      if (headBuf.length + tailBuf.length === total) {
        return { text: Buffer.concat([headBuf, tailBuf]).toString('utf8'), truncated: false, omittedBytes: 0 };
      }
      const keptHead = alignHead(headBuf);
      const keptTail = alignTail(tailBuf);
      const omittedBytes = total - keptHead.length - keptTail.length;
      const headText = keptHead.toString('utf8');
      const sep = headText === '' || headText.endsWith('\n') ? '' : '\n';
      const marker = `… [${omittedBytes.toLocaleString('en-US')} bytes omitted] …\n`;
      return { text: `${headText}${sep}${marker}${keptTail.toString('utf8')}`, truncated: true, omittedBytes };
    },
  };
}
