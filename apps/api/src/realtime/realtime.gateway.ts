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
} from '@spreadwatch/contracts';
import type { Server, Socket } from 'socket.io';
import { z } from 'zod';

import { AlertsService } from '../alerts/alerts.service';
import { AuthService } from '../auth/auth.service';
import { authenticate } from '../auth/credentials';
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

/** Rooms by what a role may see. Every role sees alerts and terms today; issue #6 narrows this. */
const ROOM_LIVE = 'live';

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

  constructor(
    private readonly auth: AuthService,
    private readonly alerts: AlertsService,
    events: LiveEvents,
  ) {
    this.unsubscribe.push(
      events.on('alert', (alert) => this.emitTo(ROOM_LIVE, 'alert', alert)),
      events.on('terms', (updates) => this.emitTo(ROOM_LIVE, 'terms:update', updates)),
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
    await socket.join(ROOM_LIVE);
  }

  /** Replays every alert change after `afterSeq` in seq order, then acks with the newest seq. */
  @SubscribeMessage('alerts:resume')
  async resume(socket: LiveSocket, afterSeq: unknown): Promise<number> {
    const parsed = z.number().int().nonnegative().safeParse(afterSeq);
    const from = parsed.success ? parsed.data : 0;
    const missed = await this.alerts.since(from);
    for (const alert of missed) socket.emit('alert', alert);
    return missed.at(-1)?.seq ?? (await this.alerts.latestSeq());
  }

  onModuleDestroy(): void {
    for (const off of this.unsubscribe) off();
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
