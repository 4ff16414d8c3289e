import type { Alert } from './alert';
import type { TermPoint } from './api';

/** A term's newest closed minute, pushed live. */
export interface TermUpdate extends TermPoint {
  term: string;
  velocity: number;
}

/** Events the server emits. Names are part of the public contract (docs/adr/0003-socket-events.md). */
export interface ServerToClientEvents {
  /** An alert fired, changed or resolved. Always carries the alert's current `seq`. */
  alert: (alert: Alert) => void;
  /** Newest closed minute for the terms that moved in it. */
  'terms:update': (updates: TermUpdate[]) => void;
}

/** Events the client may send. */
export interface ClientToServerEvents {
  /**
   * Asks for every alert change with `seq` greater than `afterSeq`, in order. The server emits them as
   * `alert` events, then acknowledges with the newest seq it has.
   */
  'alerts:resume': (afterSeq: number, ack: (latestSeq: number) => void) => void;
}
