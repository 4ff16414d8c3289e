import type { Alert } from './alert';
import type { AlertActivity, SilenceNotice } from './alerting';
import type { TermPoint } from './api';
import type { ExportProgressEvent } from './exports';

/** A term's newest closed minute, pushed live. */
export interface TermUpdate extends TermPoint {
  term: string;
  velocity: number;
  /** Watched terms this term co-occurred with over the window; empty if none. */
  related?: string[];
}

/** Events the server emits. Names are part of the public contract (docs/adr/0003-socket-events.md). */
export interface ServerToClientEvents {
  /** An alert fired, changed or resolved. Always carries the alert's current `seq`. */
  alert: (alert: Alert) => void;
  /** Newest closed minute for the terms that moved in it. */
  'terms:update': (updates: TermUpdate[]) => void;
  /** Someone acted on an alert (acknowledge, assign, resolve, note): its audit entry (ADR 0007). */
  'alert:activity': (activity: AlertActivity) => void;
  /** A silence was created or expired (ADR 0007). */
  silence: (notice: SilenceNotice) => void;
  /** Progress of one of the user's research exports (sent only to the user who requested it). */
  'export:progress': (progress: ExportProgressEvent) => void;
}

/** Events the client may send. */
export interface ClientToServerEvents {
  /**
   * Asks for every alert change with `seq` greater than `afterSeq`, in order. The server emits them as
   * `alert` events, then acknowledges with the newest seq it has.
   */
  'alerts:resume': (afterSeq: number, ack: (latestSeq: number) => void) => void;
}
