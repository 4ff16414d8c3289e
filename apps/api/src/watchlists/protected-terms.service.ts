import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Alert } from '@spreadwatch/contracts';
import { ProtectedTermMasker } from '@spreadwatch/notify';

import type { Env } from '../config/env.validation';
import { WatchlistsService } from './watchlists.service';

// Another API process may change a watchlist: cached terms are reloaded at least this often.
const MAX_AGE_MS = 30_000;

/** A masker whose terms follow the provider: notifiers built once keep masking the current set. */
class LiveProtectedTermMasker extends ProtectedTermMasker {
  constructor(private readonly current: () => ProtectedTermMasker) {
    super([]);
  }

  override text(s: string): string {
    return this.current().text(s);
  }

  override alert(a: Alert): Alert {
    return this.current().alert(a);
  }
}

/**
 * The one source of protected terms (a victim's name, say): PROTECTED_TERMS from the environment plus every
 * watchlist term marked protected. Exports read it fresh (`load`); emails, webhooks and the socket gateway use
 * `masker`, which masks with the cached set, reloaded on every watchlist change in this process and at least
 * every 30 s.
 */
@Injectable()
export class ProtectedTermsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ProtectedTermsService.name);
  private readonly fromEnv: readonly string[];
  private terms: readonly string[];
  private compiled: ProtectedTermMasker;
  private loadedAt = Number.NEGATIVE_INFINITY;
  private loading: { generation: number; promise: Promise<readonly string[]> } | null = null;
  // Bumped on every watchlist change: a load that began before it does not count as fresh.
  private generation = 0;
  private readonly unsubscribe: () => void;
  /** Masks with the current terms; safe to hand to notifiers that are built once. */
  readonly masker: ProtectedTermMasker = new LiveProtectedTermMasker(() => this.current());

  constructor(
    private readonly watchlists: WatchlistsService,
    config: ConfigService<Env, true>,
  ) {
    this.fromEnv = config
      .get('PROTECTED_TERMS', { infer: true })
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t.length > 0);
    this.terms = this.fromEnv;
    this.compiled = new ProtectedTermMasker(this.terms);
    // A change made through this process marks the cache stale and starts a reload at once.
    this.unsubscribe = watchlists.subscribe(() => {
      this.generation++;
      this.loadedAt = Number.NEGATIVE_INFINITY;
      this.refreshInBackground();
    });
  }

  async onModuleInit(): Promise<void> {
    await this.load();
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }

  /** The union of PROTECTED_TERMS and protected watchlist terms, read from the database now. */
  load(): Promise<readonly string[]> {
    const generation = this.generation;
    // A load started before the latest change may have read the old lists: chain a new one after it.
    if (this.loading !== null && this.loading.generation === generation)
      return this.loading.promise;
    const previous = this.loading?.promise.catch(() => undefined) ?? Promise.resolve();
    const promise = previous
      .then(async () => {
        const started = Date.now();
        const stored = await this.watchlists.protectedTerms();
        const union = [...new Set([...this.fromEnv, ...stored])];
        this.terms = union;
        this.compiled = new ProtectedTermMasker(union);
        if (this.generation === generation) this.loadedAt = started;
        return union;
      })
      .finally(() => {
        if (this.loading?.promise === promise) this.loading = null;
      });
    this.loading = { generation, promise };
    return promise;
  }

  /**
   * The current terms, reloaded first when stale (used before a delivery cycle). Never rejects: when the
   * database cannot answer, the last known terms are used and claimed notifications are not held up.
   */
  async fresh(): Promise<readonly string[]> {
    if (Date.now() - this.loadedAt <= MAX_AGE_MS) return this.terms;
    try {
      return await this.load();
    } catch (err) {
      this.logger.warn(
        `Protected terms not reloaded, using the last known: ${(err as Error).message}`,
      );
      return this.terms;
    }
  }

  /** The cached terms (no I/O). */
  cached(): readonly string[] {
    return this.terms;
  }

  private current(): ProtectedTermMasker {
    if (Date.now() - this.loadedAt > MAX_AGE_MS) this.refreshInBackground();
    return this.compiled;
  }

  private refreshInBackground(): void {
    if (this.loading?.generation === this.generation) return;
    this.load().catch((err: unknown) =>
      this.logger.error(`Reloading protected terms failed: ${(err as Error).message}`),
    );
  }
}
