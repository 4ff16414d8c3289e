import { createReadStream } from 'node:fs';

// Large reads amortise stream overhead; lines are cut from the decoded chunk by indexOf, no readline.
const CHUNK_BYTES = 1 << 20;

/**
 * Calls `onLine` for every line of a UTF-8 file with its 1-based number (trailing `\r` removed, last line
 * without newline included). A Promise returned by `onLine` is awaited (backpressure); a plain return is not,
 * so the common path costs no microtask.
 */
export async function forEachLine(
  path: string,
  onLine: (line: string, lineNo: number) => void | Promise<void>,
): Promise<number> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: CHUNK_BYTES });
  let carry = '';
  let lineNo = 0;
  for await (const chunk of stream as AsyncIterable<string>) {
    let text = carry.length > 0 ? carry + chunk : chunk;
    let start = 0;
    let end = text.indexOf('\n', start);
    while (end >= 0) {
      lineNo++;
      const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      const pending = onLine(text.slice(start, stop), lineNo);
      if (pending !== undefined) await pending;
      start = end + 1;
      end = text.indexOf('\n', start);
    }
    carry = start < text.length ? text.slice(start) : '';
    text = '';
  }
  if (carry.length > 0) {
    lineNo++;
    const line = carry.charCodeAt(carry.length - 1) === 13 ? carry.slice(0, -1) : carry;
    const pending = onLine(line, lineNo);
    if (pending !== undefined) await pending;
  }
  return lineNo;
}
