import type { Alert, ClientToServerEvents, ServerToClientEvents } from '@spreadwatch/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { io, type Socket } from 'socket.io-client';

import { queryKeys } from '../../../lib/query-keys';
import { alertsQuery } from '../../alerts/api/alerts-api';
import {
  latestSeq,
  patchCacheWithActivity,
  patchCacheWithAlerts,
  patchCacheWithTermUpdates,
} from './live-cache-patches';

// Pushed alerts are applied in batches: a storm of thousands costs one cache write per flush, not one each.
const ALERT_FLUSH_MS = 100;

export type LiveStatus = 'connecting' | 'live' | 'offline';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Opens the socket for the signed-in session and patches the query cache with what it pushes:
 * alerts go to the top of the alert list, closed minutes into the top terms and series.
 */
export const useLiveUpdates = (): LiveStatus => {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');

  useEffect(() => {
    // Same origin; the session cookie authenticates the handshake.
    const socket: LiveSocket = io({ withCredentials: true });
    let connectedBefore = false;
    let pending: Alert[] = [];
    let flushTimer: number | undefined;
    const flush = () => {
      flushTimer = undefined;
      const batch = pending;
      pending = [];
      patchCacheWithAlerts(queryClient, batch);
    };

    const resumeAlerts = async (): Promise<void> => {
      // Ask for everything after the newest alert we hold, so nothing between page load and connect is lost.
      const page = await queryClient.ensureQueryData(alertsQuery());
      // An empty page means no alert existed yet, so everything from seq 0 is new.
      const afterSeq = latestSeq(page) ?? 0;
      if (socket.connected) socket.emit('alerts:resume', afterSeq, () => undefined);
    };

    socket.on('connect', () => {
      setStatus('live');
      if (connectedBefore) {
        // Minutes pushed while we were away are gone; fetch the boards again.
        void queryClient.invalidateQueries({ queryKey: queryKeys.terms.all });
      }
      connectedBefore = true;
      resumeAlerts().catch(() => {
        void queryClient.invalidateQueries({ queryKey: queryKeys.alerts.all });
      });
    });
    socket.on('disconnect', (reason) => {
      setStatus('offline');
      // The server closed us on purpose (usually an expired session): re-check who we are.
      if (reason === 'io server disconnect') {
        void queryClient.invalidateQueries({ queryKey: queryKeys.auth.me });
      }
    });
    socket.on('connect_error', () => setStatus('offline'));
    socket.on('alert', (alert) => {
      pending.push(alert);
      flushTimer ??= window.setTimeout(flush, ALERT_FLUSH_MS);
    });
    socket.on('alert:activity', (activity) => patchCacheWithActivity(queryClient, activity));
    socket.on('silence', () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.silences.all });
    });
    socket.on('terms:update', (updates) => patchCacheWithTermUpdates(queryClient, updates));

    return () => {
      if (flushTimer !== undefined) window.clearTimeout(flushTimer);
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [queryClient]);

  return status;
};
