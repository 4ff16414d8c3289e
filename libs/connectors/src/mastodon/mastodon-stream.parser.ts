import { type Observation, parseObservation } from '@spreadwatch/contracts';

import type { PageProblem } from '../connector';
import type { SseEvent } from '../http/sse.parser';
import { errorMessage } from '../text/json-guard';
import { mapStatus } from './mastodon.parser';

/** What one Mastodon streaming event means for us. */
export type MastodonStreamItem =
  | {
      kind: 'post';
      observation: Observation;
      /** The status id, for the resume cursor (only new statuses and edits move it). */
      statusId: string;
      /** `status.update` (an edit) rather than `update`. */
      edit: boolean;
    }
  | { kind: 'delete'; observation: Observation }
  | { kind: 'ignored' }
  | { kind: 'problem'; problem: PageProblem };

/**
 * Maps one SSE event of `GET /api/v1/streaming/hashtag` to an observation: `update` and `status.update`
 * carry a Status as JSON, `delete` a bare status id (not JSON). Never throws: a malformed event comes back
 * as a `problem` naming the event.
 */
export function parseMastodonStreamEvent(ev: SseEvent, source: string): MastodonStreamItem {
  const where = `event.${ev.event}`;
  try {
    if (ev.event === 'update' || ev.event === 'status.update') {
      let body: unknown;
      try {
        body = JSON.parse(ev.data);
      } catch (err) {
        return {
          kind: 'problem',
          problem: {
            where,
            message: `invalid JSON (${ev.data.length} chars; ${errorMessage(err)})`,
          },
        };
      }
      const post = mapStatus(body, source);
      const checked = parseObservation(post);
      if (!checked.ok) return { kind: 'problem', problem: { where, message: checked.error } };
      return {
        kind: 'post',
        observation: checked.value,
        statusId: post.id,
        edit: ev.event === 'status.update',
      };
    }
    if (ev.event === 'delete') {
      // Some proxies JSON-quote the id; accept `"123"` as well as the documented bare `123`.
      const raw = ev.data.trim();
      const id = /^"[^"]+"$/.test(raw) ? raw.slice(1, -1) : raw;
      if (id === '' || /\s/.test(id) || id.length > 64) {
        return {
          kind: 'problem',
          problem: {
            where,
            message: `expected a status id, got ${JSON.stringify(raw.slice(0, 80))}`,
          },
        };
      }
      return { kind: 'delete', observation: { type: 'delete', source, id } };
    }
    // notification, filters_changed, announcement… (user streams) and event types added later carry no
    // public status: skipped, not reported as malformed.
    return { kind: 'ignored' };
  } catch (err) {
    return { kind: 'problem', problem: { where, message: errorMessage(err) } };
  }
}
