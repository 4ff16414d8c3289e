import { Injectable, Logger, NotFoundException, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import {
  type CurrentUser,
  toMatchableWatchlist,
  type WatchlistParsed,
  type WatchlistView,
  type WatchTermView,
} from '@spreadwatch/contracts';
import { DEFAULT_WATCHLIST, type Watchlist } from '@spreadwatch/scoring';
import type { Repository } from 'typeorm';

import type { Env } from '../config/env.validation';
import { WatchlistEntity } from './watchlist.entity';

/** Roles that see protected terms in clear (DESIGN: shown only to analysts). */
const CLEAR_ROLES: ReadonlySet<CurrentUser['role']> = new Set(['admin', 'analyst']);
const BUILTIN = 'builtin';
// Serialises the first-start seed across processes sharing one database.
const SEED_LOCK = 3_764_290_001;

export type WatchlistsListener = (watchlists: readonly Watchlist[]) => void;

/**
 * Watchlists stored in Postgres. Seeds the built-in list on the first start of an installation, and tells
 * listeners (the live pipeline) the enabled lists after every change.
 */
@Injectable()
export class WatchlistsService implements OnModuleInit {
  private readonly logger = new Logger(WatchlistsService.name);
  private readonly listeners = new Set<WatchlistsListener>();

  constructor(
    @InjectRepository(WatchlistEntity) private readonly lists: Repository<WatchlistEntity>,
    private readonly config: ConfigService<Env, true>,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.get('WATCHLIST_SEED', { infer: true })) return;
    await this.lists.manager.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
      // Deleted lists count: an installation that removed the default list does not get it back.
      const ever = await manager.count(WatchlistEntity, { withDeleted: true });
      if (ever > 0) return;
      await manager.insert(WatchlistEntity, {
        name: DEFAULT_WATCHLIST.name,
        enabled: true,
        settings: { ...DEFAULT_WATCHLIST.settings },
        terms: DEFAULT_WATCHLIST.terms.map((t): WatchTermView => ({
          term: t.term,
          variants: [],
          synonyms: [...t.synonyms],
          protected: false,
        })),
        createdBy: BUILTIN,
      });
      this.logger.log(`Seeded the built-in watchlist (${DEFAULT_WATCHLIST.terms.length} terms)`);
    });
  }

  /**
   * Calls `listener` with the enabled lists after every change (synchronously, before the change's request
   * returns, so the next ingested post already sees it). Returns the unsubscribe function.
   */
  subscribe(listener: WatchlistsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Enabled lists in the scoring library's shape, oldest first. */
  async active(): Promise<Watchlist[]> {
    const rows = await this.lists.find({ where: { enabled: true }, order: { createdAt: 'ASC' } });
    return rows.map(toMatchableWatchlist);
  }

  /** Names of protected terms across every list (for masking in emails, webhooks and exports). */
  async protectedTerms(): Promise<string[]> {
    const rows = await this.lists.find();
    return [...new Set(rows.flatMap((r) => r.terms.filter((t) => t.protected).map((t) => t.term)))];
  }

  async list(user: CurrentUser): Promise<WatchlistView[]> {
    const rows = await this.lists.find({ order: { createdAt: 'ASC' } });
    return rows.map((r) => toView(r, user));
  }

  async get(id: string, user: CurrentUser): Promise<WatchlistView> {
    return toView(await this.find(id), user);
  }

  async create(input: WatchlistParsed, user: CurrentUser): Promise<WatchlistView> {
    const saved = await this.lists.save(
      this.lists.create({
        name: input.name,
        enabled: input.enabled,
        settings: input.settings,
        terms: input.terms,
        createdBy: user.username,
      }),
    );
    await this.changed();
    return toView(saved, user);
  }

  /** Replaces a list's name, settings and terms. */
  async update(id: string, input: WatchlistParsed, user: CurrentUser): Promise<WatchlistView> {
    const row = await this.find(id);
    row.name = input.name;
    row.enabled = input.enabled;
    row.settings = input.settings;
    row.terms = input.terms;
    const saved = await this.lists.save(row);
    await this.changed();
    return toView(saved, user);
  }

  async remove(id: string): Promise<void> {
    await this.find(id);
    await this.lists.softDelete({ id });
    await this.changed();
  }

  private async find(id: string): Promise<WatchlistEntity> {
    const row = await this.lists.findOneBy({ id });
    if (row === null) throw new NotFoundException(`No watchlist ${id}`);
    return row;
  }

  private async changed(): Promise<void> {
    if (this.listeners.size === 0) return;
    const active = await this.active();
    for (const listener of this.listeners) {
      try {
        listener(active);
      } catch (error) {
        this.logger.error(`A watchlist listener failed: ${String(error)}`);
      }
    }
  }
}

function toView(row: WatchlistEntity, user: CurrentUser): WatchlistView {
  const clear = CLEAR_ROLES.has(user.role);
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    settings: row.settings,
    // A protected term (a victim's name) is hidden from roles that may not see it, spellings included.
    terms: clear ? row.terms : row.terms.map((t) => (t.protected ? maskedTerm() : t)),
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function maskedTerm(): WatchTermView {
  return { term: '(protected)', variants: [], synonyms: [], protected: true };
}
