import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';

// Batches lines into ~256 KB writes: one stream write per line costs more than the JSON itself.
const BATCH_CHARS = 256 * 1024;

/** Appends lines to a file through a write stream, honouring backpressure. */
export class LineWriter {
  private readonly stream: WriteStream;
  private buffer = '';
  private failure: Error | null = null;

  constructor(path: string) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
    this.stream.on('error', (err) => {
      this.failure = err;
    });
  }

  /** Queues one line; returns a Promise only when the caller must wait for the disk. */
  write(line: string): Promise<void> | undefined {
    this.buffer += `${line}\n`;
    return this.buffer.length >= BATCH_CHARS ? this.drain() : undefined;
  }

  async close(): Promise<void> {
    await this.drain();
    this.stream.end();
    await finished(this.stream);
    if (this.failure !== null) throw this.failure;
  }

  private async drain(): Promise<void> {
    if (this.failure !== null) throw this.failure;
    const batch = this.buffer;
    this.buffer = '';
    if (batch.length > 0 && !this.stream.write(batch)) await once(this.stream, 'drain');
  }
}
