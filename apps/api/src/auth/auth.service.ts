import { createHash, randomBytes } from 'node:crypto';

import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import type { CurrentUser, Role } from '@spreadwatch/contracts';
import { IsNull, LessThan, MoreThan, Repository } from 'typeorm';

import type { Env } from '../config/env.validation';
import { ApiKeyEntity } from './api-key.entity';
import { hashPassword, verifyPassword } from './password';
import { SessionEntity } from './session.entity';
import { UserEntity } from './user.entity';

export const SESSION_COOKIE = 'sw_session';
const API_KEY_PREFIX = 'sw_';

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

function toCurrentUser(user: UserEntity): CurrentUser {
  return { id: user.id, username: user.username, role: user.role };
}

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
    @InjectRepository(ApiKeyEntity) private readonly apiKeys: Repository<ApiKeyEntity>,
    private readonly config: ConfigService<Env, true>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureAdmin();
  }

  /** Creates the first admin. Its password comes from the environment or is generated and printed once. */
  async ensureAdmin(): Promise<void> {
    if ((await this.users.count()) > 0) return;
    const configured = this.config.get('SPREADWATCH_ADMIN_PASSWORD', { infer: true });
    const password = configured ?? randomBytes(18).toString('base64url');
    await this.users.save(
      this.users.create({
        username: 'admin',
        passwordHash: await hashPassword(password),
        role: 'admin',
      }),
    );
    if (configured === undefined) {
      // Printed once, on the first start only; it is never stored in clear.
      this.logger.warn(`Created user "admin" with generated password: ${password}`);
    } else {
      this.logger.log('Created user "admin" with the password from SPREADWATCH_ADMIN_PASSWORD');
    }
  }

  async login(
    username: string,
    password: string,
  ): Promise<{ token: string; user: CurrentUser } | null> {
    const user = await this.users.findOneBy({ username });
    // Verify against a dummy hash when the user is unknown so timing does not reveal which usernames exist.
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (user === null || !ok || user.disabled) return null;
    const token = randomBytes(32).toString('base64url');
    const ttlMs = this.config.get('SESSION_TTL_HOURS', { infer: true }) * 3_600_000;
    await this.sessions.save(
      this.sessions.create({
        tokenHash: sha256(token),
        userId: user.id,
        expiresAt: new Date(Date.now() + ttlMs),
      }),
    );
    await this.sessions.delete({ expiresAt: LessThan(new Date()) });
    return { token, user: toCurrentUser(user) };
  }

  async logout(token: string): Promise<void> {
    await this.sessions.delete({ tokenHash: sha256(token) });
  }

  async userForSession(token: string): Promise<CurrentUser | null> {
    const session = await this.sessions.findOne({
      where: { tokenHash: sha256(token), expiresAt: MoreThan(new Date()) },
      relations: { user: true },
    });
    const user = session?.user;
    return user === undefined || user.disabled ? null : toCurrentUser(user);
  }

  async userForApiKey(key: string): Promise<CurrentUser | null> {
    if (!key.startsWith(API_KEY_PREFIX)) return null;
    const apiKey = await this.apiKeys.findOne({
      where: { keyHash: sha256(key), revokedAt: IsNull() },
      relations: { user: true },
    });
    const user = apiKey?.user;
    if (apiKey === null || user === undefined || user.disabled) return null;
    await this.apiKeys.update({ id: apiKey.id }, { lastUsedAt: new Date() });
    return toCurrentUser(user);
  }

  /** Issues a machine key for a user; the clear key is returned once and only its hash is kept. */
  async createApiKey(
    userId: string,
    name: string,
  ): Promise<{ id: string; key: string; prefix: string }> {
    const key = `${API_KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
    const prefix = key.slice(0, 10);
    const saved = await this.apiKeys.save(
      this.apiKeys.create({ name, prefix, keyHash: sha256(key), userId }),
    );
    return { id: saved.id, key, prefix };
  }

  async createUser(username: string, password: string, role: Role): Promise<CurrentUser> {
    const user = await this.users.save(
      this.users.create({ username, passwordHash: await hashPassword(password), role }),
    );
    return toCurrentUser(user);
  }
}

// A valid hash of a random password, computed lazily is not needed: any well-formed hash works.
const DUMMY_HASH =
  'scrypt$131072$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
