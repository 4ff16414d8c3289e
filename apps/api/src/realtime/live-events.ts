import { EventEmitter } from 'node:events';

import { Injectable } from '@nestjs/common';
import type {
  Alert,
  AlertActivity,
  ExportProgressEvent,
  SilenceNotice,
  TermUpdate,
} from '@spreadwatch/contracts';

export interface LiveEventMap {
  alert: [Alert];
  terms: [TermUpdate[]];
  /** An alert's audit entry (lifecycle action or note), after commit. */
  activity: [AlertActivity];
  /** A silence was created or expired. */
  silence: [SilenceNotice];
  /** Progress of a research export, for the user (id) who requested it. */
  'export:progress': [string, ExportProgressEvent];
}

/**
 * In-process domain events, emitted after the change is committed. The gateway relays them to sockets;
 * a multi-node deployment swaps this for the socket.io Redis adapter without touching the domain.
 */
@Injectable()
export class LiveEvents {
  private readonly emitter = new EventEmitter<LiveEventMap>();

  emit<K extends keyof LiveEventMap>(event: K, ...args: LiveEventMap[K]): void {
    (this.emitter.emit as (e: K, ...a: LiveEventMap[K]) => boolean)(event, ...args);
  }

  on<K extends keyof LiveEventMap>(
    event: K,
    listener: (...args: LiveEventMap[K]) => void,
  ): () => void {
    (this.emitter.on as (e: K, l: (...a: LiveEventMap[K]) => void) => unknown)(event, listener);
    return () => {
      (this.emitter.off as (e: K, l: (...a: LiveEventMap[K]) => void) => unknown)(event, listener);
    };
  }
}
