/**
 * Runs async jobs one at a time, in submission order. The pipeline's in-memory state and the order of
 * alert seqs both depend on one writer.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job, job);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
