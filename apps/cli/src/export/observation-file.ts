import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

import { type Observation, parseObservationLineFast } from '@spreadwatch/contracts';

/**
 * Streams the valid observations of an NDJSON file. Malformed lines go to `onError` with their line number and
 * are skipped; nothing else is lost.
 */
export async function* readObservations(
  path: string,
  onError: (line: number, error: string) => void,
): AsyncGenerator<Observation> {
  const lines = createInterface({
    input: createReadStream(path, { encoding: 'utf8' }),
    crlfDelay: Infinity,
  });
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim().length === 0) continue;
    const parsed = parseObservationLineFast(line);
    if (parsed.ok) yield parsed.value;
    else onError(lineNo, parsed.error);
  }
}

/** SHA-256 of a file, streamed (recorded in the manifest so a replay export names its exact input). */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
