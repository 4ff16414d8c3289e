import { Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  type OnGatewayConnection,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type {
  ClientToServerEvents,
  CurrentUser,
  ServerToClientEvents,
  SilenceNotice,
  TermUpdate,
} from '@spreadwatch/contracts';
import type { ProtectedTermMasker } from '@spreadwatch/notify';
import type { Server, Socket } from 'socket.io';
import { z } from 'zod';

import { AlertsService } from '../alerts/alerts.service';
import { AuthService } from '../auth/auth.service';
import { authenticate } from '../auth/credentials';
import { ProtectedTermsService } from '../watchlists/protected-terms.service';
import { LiveEvents } from './live-events';

interface SocketData {
  user: CurrentUser;
}

type LiveServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
type LiveSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

/**
 * Rooms by what a role may see: analysts and admins see everything as is; desks and researchers get the
 * same events with protected terms masked (DESIGN.md, "Privacy by default").
 */
const ROOM_FULL = 'live:full';
const ROOM_MASKED = 'live:masked';

function roomFor(user: CurrentUser): string {
  return user.role === 'admin' || user.role === 'analyst' ? ROOM_FULL : ROOM_MASKED;
}

/**
 * The only place socket.io is touched. The handshake must carry the session cookie or an API key
 * (`auth: { token }`); anything else is refused before a connection exists.
 */
@WebSocketGateway({ serveClient: false, cors: false })
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnModuleDestroy {
  private readonly logger = new Logger(RealtimeGateway.name);
  private readonly unsubscribe: (() => void)[] = [];

  @WebSocketServer()
  private server!: LiveServer;

  private readonly masker: ProtectedTermMasker;

  constructor(
    private readonly auth: AuthService,
    private readonly alerts: AlertsService,
    events: LiveEvents,
    protection: ProtectedTermsService,
  ) {
    // PROTECTED_TERMS plus protected watchlist terms, kept current by the provider.
    this.masker = protection.masker;
    this.unsubscribe.push(
      events.on('alert', (alert) => {
        this.emitTo(ROOM_FULL, 'alert', alert);
        this.emitTo(ROOM_MASKED, 'alert', this.masker.alert(alert));
      }),
      events.on('terms', (updates) => {
        this.emitTo(ROOM_FULL, 'terms:update', updates);
        this.emitTo(ROOM_MASKED, 'terms:update', this.maskTerms(updates));
      }),
      events.on('activity', (entry) => {
        this.emitTo(ROOM_FULL, 'alert:activity', entry);
        this.emitTo(ROOM_MASKED, 'alert:activity', {
          ...entry,
          note: entry.note === null ? null : this.masker.text(entry.note),
        });
      }),
      events.on('silence', (notice) => {
        this.emitTo(ROOM_FULL, 'silence', notice);
        this.emitTo(ROOM_MASKED, 'silence', this.maskSilence(notice));
      }),
      // Export progress goes to its requester only (every socket joins its user room).
      events.on('export:progress', (userId, progress) =>
        this.emitTo(`user:${userId}`, 'export:progress', progress),
      ),
    );
  }

  afterInit(server: LiveServer): void {
    server.use((socket, next) => {
      const token: unknown = (socket.handshake.auth as Record<string, unknown>)['token'];
      authenticate(this.auth, socket.handshake.headers, token).then(
        (user) => {
          if (user === null) {
            next(new Error('unauthorized'));
            return;
          }
          socket.data.user = user;
          next();
        },
        (err: unknown) => {
          this.logger.error(`Handshake check failed: ${(err as Error).message}`);
          next(new Error('unauthorized'));
        },
      );
    });
  }

  async handleConnection(socket: LiveSocket): Promise<void> {
    await socket.join([roomFor(socket.data.user), `user:${socket.data.user.id}`]);
  }

  /** Replays every alert change after `afterSeq` in seq order, then acks with the newest seq. */
  @SubscribeMessage('alerts:resume')
  async resume(socket: LiveSocket, afterSeq: unknown): Promise<number> {
    const parsed = z.number().int().nonnegative().safeParse(afterSeq);
    const from = parsed.success ? parsed.data : 0;
    const missed = await this.alerts.since(from);
    const full = roomFor(socket.data.user) === ROOM_FULL;
    for (const alert of missed) socket.emit('alert', full ? alert : this.masker.alert(alert));
    return missed.at(-1)?.seq ?? (await this.alerts.latestSeq());
  }

  onModuleDestroy(): void {
    for (const off of this.unsubscribe) off();
  }

  private maskTerms(updates: TermUpdate[]): TermUpdate[] {
    return updates.map((u) => ({ ...u, term: this.masker.text(u.term) }));
  }

  private maskSilence(notice: SilenceNotice): SilenceNotice {
    const s = notice.silence;
    return {
      ...notice,
      silence: {
        ...s,
        comment: this.masker.text(s.comment),
        matchers: s.matchers.map((m) => ({ ...m, value: this.masker.text(m.value) })),
      },
    };
  }

  private emitTo<E extends keyof ServerToClientEvents>(
    room: string,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void {
    // Before the server is attached (early boot) there is nobody to tell.
    if (this.server === undefined) return;
    this.server.to(room).emit(event, ...args);
  }
}
