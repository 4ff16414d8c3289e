import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';

/** Where a writer's bytes go. `write` resolves when the caller may send more (backpressure). */
export interface ByteSink {
  write(chunk: Uint8Array): Promise<void> | undefined;
  close(): Promise<void>;
}

/** What a finished file is: size and SHA-256 computed on the bytes as they were written. */
export interface FileDigest {
  bytes: number;
  sha256: string;
}

/** A file sink that hashes as it writes, so the manifest never reads the file back. */
export class HashingFileSink implements ByteSink {
  private readonly stream: WriteStream;
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;
  private failure: Error | null = null;
  private digestValue: FileDigest | null = null;

  constructor(path: string) {
    this.stream = createWriteStream(path);
    this.stream.on('error', (err) => {
      this.failure = err;
    });
  }

  write(chunk: Uint8Array): Promise<void> | undefined {
    if (this.failure !== null) return Promise.reject(this.failure);
    this.hash.update(chunk);
    this.bytes += chunk.length;
    return this.stream.write(chunk) ? undefined : this.waitDrain();
  }

  async close(): Promise<void> {
    this.stream.end();
    await finished(this.stream);
    if (this.failure !== null) throw this.failure;
    this.digestValue = { bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  /** Size and hash; only after close(). */
  digest(): FileDigest {
    if (this.digestValue === null) throw new Error('digest() before close()');
    return this.digestValue;
  }

  private async waitDrain(): Promise<void> {
    await once(this.stream, 'drain');
    if (this.failure !== null) throw this.failure;
  }
}
