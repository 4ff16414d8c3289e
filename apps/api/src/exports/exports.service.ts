import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import {
  BadRequestException,
  ForbiddenException,
  GoneException,
  Injectable,
  Logger,
  NotFoundException,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DEFAULT_VELOCITY_RULE } from '@spreadwatch/alerting';
import type {
  CurrentUser,
  ExportFileView,
  ExportJobView,
  ExportProgressEvent,
  ExportRequest,
  PseudonymGrantRequest,
  PseudonymGrantView,
} from '@spreadwatch/contracts';
import {
  canonicalDatasetName,
  type DatasetName,
  generatePseudonymKey,
  type DatabaseExportPlan,
  planDatabaseExport,
  MANIFEST_FILE,
  Pseudonymiser,
  resolveCodeVersion,
  runExport,
  type SqlQueryable,
  TermMasker,
} from '@spreadwatch/export';
import { DEFAULT_SCORING_CONFIG, normalizeTerm } from '@spreadwatch/scoring';
import type { Readable } from 'node:stream';
import { DataSource, IsNull, LessThanOrEqual, Not, Repository } from 'typeorm';

import { UserEntity } from '../auth/user.entity';
import { SerialQueue } from '../common/serial-queue';
import type { Env } from '../config/env.validation';
import { LiveEvents } from '../realtime/live-events';
import { ProtectedTermsService } from '../watchlists/protected-terms.service';
import { type ExportAuditAction, ExportAuditEntity } from './export-audit.entity';
import { ExportJobEntity } from './export-job.entity';
import { PseudonymGrantEntity } from './pseudonym-grant.entity';

// Progress is persisted and pushed at most this often: enough for a bar, cheap for the database.
const PROGRESS_INTERVAL_MS = 500;

/**
 * Research exports as jobs: validated requests become rows in `exports`, run one at a time in this process
 * (they are I/O-heavy and the embedded database serves one transaction at a time), stream from PostgreSQL
 * through the export library into EXPORT_DIR/<id>/, report progress over the socket, and expire after
 * EXPORT_TTL_HOURS. Every request, completion, failure, download and expiry is written to `export_audit`.
 */
@Injectable()
export class ExportsService implements OnApplicationShutdown {
  private readonly logger = new Logger(ExportsService.name);
  private readonly queue = new SerialQueue();
  private readonly running = new Set<Promise<unknown>>();
  private readonly codeVersion = resolveCodeVersion(process.cwd());
  // Users are AuthModule's; exports only read usernames, so the repository comes from the data source.
  private readonly users: Repository<UserEntity>;

  constructor(
    @InjectRepository(ExportJobEntity) private readonly jobs: Repository<ExportJobEntity>,
    @InjectRepository(ExportAuditEntity) private readonly audit: Repository<ExportAuditEntity>,
    @InjectRepository(PseudonymGrantEntity)
    private readonly grants: Repository<PseudonymGrantEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService<Env, true>,
    private readonly events: LiveEvents,
    private readonly protection: ProtectedTermsService,
  ) {
    this.users = dataSource.getRepository(UserEntity);
  }

  /** Waits for running exports so shutdown never leaves a half-written job behind the database. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  private exportDir(): string {
    return resolve(this.config.get('EXPORT_DIR', { infer: true }));
  }

  /** Validates availability and the pseudonym grant, records the job and its audit row, queues it. */
  async create(user: CurrentUser, request: ExportRequest): Promise<ExportJobView> {
    // `accounts` is the first name of account-features: jobs and manifests use the canonical name.
    const dataset = canonicalDatasetName(request.dataset);
    if (dataset === null) throw new BadRequestException(`dataset: unknown ${request.dataset}`);
    if (request.pseudonymKeyId !== undefined) await this.grantFor(user, request.pseudonymKeyId);
    const terms = [
      ...new Set((request.terms ?? []).map(normalizeTerm).filter((t) => t.length > 0)),
    ];
    const job = await this.jobs.save(
      this.jobs.create({
        id: randomUUID(),
        userId: user.id,
        dataset,
        format: request.format,
        parameters: {
          resolution: request.dataset === 'term-series' ? request.resolution : undefined,
          includeText: request.dataset === 'posts' ? request.includeText : undefined,
          pseudonyms: request.pseudonymKeyId === undefined ? 'per-export' : 'stable',
        },
        filters: {
          from: new Date(request.from).toISOString(),
          to: new Date(request.to).toISOString(),
          terms,
        },
        status: 'queued',
        rowsWritten: 0,
        expectedRows: null,
        files: null,
        pseudonymGrantId: request.pseudonymKeyId ?? null,
        error: null,
        finishedAt: null,
        expiresAt: null,
      }),
    );
    await this.record(job, user, 'requested');
    const run = this.queue.run(() => this.execute(job.id, user));
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    return this.view(job, user.username);
  }

  /** A job the caller may see: their own, or any for an admin. Others are 404, not 403 (no probing). */
  async get(user: CurrentUser, id: string): Promise<ExportJobView> {
    const job = await this.visibleJob(user, id);
    const owner =
      job.userId === user.id
        ? user.username
        : ((await this.users.findOneBy({ id: job.userId }))?.username ?? 'unknown');
    return this.view(job, owner);
  }

  async list(user: CurrentUser): Promise<ExportJobView[]> {
    const jobs = await this.jobs.find({
      where: user.role === 'admin' ? {} : { userId: user.id },
      order: { createdAt: 'DESC' },
      take: 100,
    });
    return jobs.map((j) => this.view(j, j.userId === user.id ? user.username : j.userId));
  }

  /** Opens a finished export's file for download (data, dictionary or manifest); audited. */
  async openFile(
    user: CurrentUser,
    id: string,
    name: string,
  ): Promise<{ stream: Readable; bytes: number; contentType: string }> {
    const job = await this.visibleJob(user, id);
    if (job.status === 'expired') throw new GoneException('This export has expired; run it again');
    if (job.status !== 'done') throw new BadRequestException(`Export is ${job.status}, not done`);
    // Only names the job lists are served: no path is ever built from raw input.
    const known = name === MANIFEST_FILE || (job.files ?? []).some((f) => f.name === name);
    if (!known) throw new NotFoundException(`No file ${name} in this export`);
    const path = join(this.exportDir(), job.id, name);
    const info = await stat(path).catch(() => null);
    if (info === null) throw new GoneException('This export’s files are gone');
    await this.record(job, user, 'downloaded', name);
    return { stream: createReadStream(path), bytes: info.size, contentType: contentTypeOf(name) };
  }

  /** Deletes the files of exports whose time is up; the job row stays (status expired) with its audit trail. */
  async purgeExpired(now: Date): Promise<number> {
    const due = await this.jobs.find({
      where: { expiresAt: LessThanOrEqual(now), status: Not('expired') },
    });
    for (const job of due) {
      await rm(join(this.exportDir(), job.id), { recursive: true, force: true });
      await this.jobs.update({ id: job.id }, { status: 'expired', files: null });
      await this.record(job, null, 'expired');
    }
    return due.length;
  }

  async grant(admin: CurrentUser, request: PseudonymGrantRequest): Promise<PseudonymGrantView> {
    const grantee = await this.users.findOneBy({ username: request.grantedTo });
    if (grantee === null) throw new BadRequestException(`grantedTo: no user ${request.grantedTo}`);
    if (grantee.role !== 'researcher' && grantee.role !== 'admin') {
      throw new BadRequestException('grantedTo: stable pseudonyms are granted to researchers only');
    }
    const saved = await this.grants.save(
      this.grants.create({
        study: request.study,
        grantedTo: grantee.id,
        grantedBy: admin.username,
        key: generatePseudonymKey(),
      }),
    );
    return grantView(saved, grantee.username);
  }

  async listGrants(user: CurrentUser): Promise<PseudonymGrantView[]> {
    const rows = await this.grants.find({
      where: user.role === 'admin' ? {} : { grantedTo: user.id },
      relations: { grantee: true },
      order: { createdAt: 'DESC' },
    });
    return rows.map((g) => grantView(g, g.grantee?.username ?? g.grantedTo));
  }

  async revokeGrant(id: string): Promise<void> {
    const result = await this.grants.update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
    if ((result.affected ?? 0) === 0) throw new NotFoundException('No active grant with this id');
  }

  private async grantFor(user: CurrentUser, id: string): Promise<PseudonymGrantEntity> {
    const grant = await this.grants.findOneBy({ id, grantedTo: user.id, revokedAt: IsNull() });
    if (grant === null)
      throw new ForbiddenException(
        'pseudonymKeyId: no active stable-pseudonym grant for you with this id',
      );
    return grant;
  }

  private async visibleJob(user: CurrentUser, id: string): Promise<ExportJobEntity> {
    const job = await this.jobs.findOneBy({ id });
    if (job === null || (job.userId !== user.id && user.role !== 'admin'))
      throw new NotFoundException('No such export');
    return job;
  }

  private async execute(id: string, user: CurrentUser): Promise<void> {
    const job = await this.jobs.findOneByOrFail({ id });
    const outDir = join(this.exportDir(), job.id);
    try {
      await this.jobs.update({ id }, { status: 'running' });
      const grant =
        job.pseudonymGrantId === null
          ? null
          : await this.grants.findOneBy({ id: job.pseudonymGrantId, revokedAt: IsNull() });
      if (job.pseudonymGrantId !== null && grant === null)
        throw new Error('the stable-pseudonym grant was revoked');
      const plan = await this.plan(job);
      await this.jobs.update({ id }, { expectedRows: plan.expectedRows });
      const pseudonymiser = new Pseudonymiser(grant?.key ?? generatePseudonymKey());
      let lastPush = 0;
      const manifest = await runExport({
        exportId: job.id,
        createdAt: job.createdAt.toISOString(),
        requestedBy: user.username,
        definition: plan.definition,
        format: job.format as 'csv' | 'ndjson' | 'parquet',
        outDir,
        rows: plan.rows,
        // Read now, not cached: a term marked protected a moment ago is masked in this export.
        privacy: {
          pseudonymiser,
          masker: new TermMasker(await this.protection.load(), pseudonymiser),
        },
        pseudonymScope: grant === null ? 'per-export' : 'stable',
        study: grant?.study,
        parameters: { dataset: job.dataset, format: job.format, ...job.parameters },
        filters: job.filters,
        source: 'database',
        codeVersion: this.codeVersion,
        scoringConfig: {
          scoring: { ...DEFAULT_SCORING_CONFIG },
          velocityRule: { ...DEFAULT_VELOCITY_RULE },
        },
        expectedRows: plan.expectedRows,
        notes: plan.notes,
        onProgress: (p) => {
          const t = performance.now();
          if (t - lastPush < PROGRESS_INTERVAL_MS) return;
          lastPush = t;
          this.push(job.userId, {
            id,
            status: 'running',
            rowsWritten: p.rows,
            expectedRows: p.expectedRows,
          });
        },
      });
      const rows = Object.values(manifest.rowCounts)[0] ?? 0;
      const finishedAt = new Date();
      const ttlMs = this.config.get('EXPORT_TTL_HOURS', { infer: true }) * 3_600_000;
      await this.jobs.update(
        { id },
        {
          status: 'done',
          rowsWritten: rows,
          files: manifest.files,
          finishedAt,
          expiresAt: new Date(finishedAt.getTime() + ttlMs),
        },
      );
      await this.record(job, user, 'completed');
      this.push(job.userId, {
        id,
        status: 'done',
        rowsWritten: rows,
        expectedRows: plan.expectedRows,
      });
    } catch (err) {
      // The message goes to the owner; it names what failed, never a stack or a path.
      const message = err instanceof Error ? err.message : String(err);
      this.logger.error(`Export ${id} failed: ${message}`);
      await rm(outDir, { recursive: true, force: true });
      await this.jobs.update(
        { id },
        { status: 'failed', error: message.slice(0, 500), finishedAt: new Date() },
      );
      await this.record(job, user, 'failed');
      this.push(job.userId, { id, status: 'failed', rowsWritten: 0, expectedRows: null });
    }
  }

  private async plan(job: ExportJobEntity): Promise<DatabaseExportPlan> {
    const db: SqlQueryable = { query: (sql, params) => this.dataSource.query(sql, params) };
    const filters = job.filters as { from: string; to: string; terms: string[] };
    return planDatabaseExport(db, {
      // Jobs queued before the rename may still say `accounts`.
      dataset: canonicalDatasetName(job.dataset) ?? (job.dataset as DatasetName),
      from: filters.from,
      to: filters.to,
      terms: filters.terms,
      resolution: (job.parameters['resolution'] as '1m' | '5m' | '1h' | undefined) ?? '1m',
      includeText: job.parameters['includeText'] === true,
      retentionDays: this.config.get('RETENTION_DAYS', { infer: true }),
      now: Date.now(),
    });
  }

  private push(userId: string, p: Omit<ExportProgressEvent, 'progress'>): void {
    const progress =
      p.expectedRows !== null && p.expectedRows > 0
        ? Math.min(1, p.rowsWritten / p.expectedRows)
        : p.status === 'done'
          ? 1
          : null;
    this.events.emit('export:progress', userId, { ...p, progress });
    if (p.status === 'running')
      void this.jobs.update({ id: p.id }, { rowsWritten: p.rowsWritten }).catch(() => undefined);
  }

  private async record(
    job: ExportJobEntity,
    user: CurrentUser | null,
    action: ExportAuditAction,
    file: string | null = null,
  ): Promise<void> {
    await this.audit.save(
      this.audit.create({
        exportId: job.id,
        userId: user?.id ?? null,
        username: user?.username ?? 'system',
        action,
        dataset: job.dataset,
        format: job.format,
        parameters: job.parameters,
        filters: job.filters,
        file,
      }),
    );
  }

  private view(job: ExportJobEntity, requestedBy: string): ExportJobView {
    const base = `/api/exports/${job.id}/files/`;
    const files: ExportFileView[] = (job.files ?? []).map((f) => ({
      name: f.name,
      role: f.role,
      bytes: f.bytes,
      sha256: f.sha256,
      ...(f.rows === undefined ? {} : { rows: f.rows }),
      url: base + encodeURIComponent(f.name),
    }));
    if (job.status === 'done')
      files.push({
        name: MANIFEST_FILE,
        role: 'manifest',
        bytes: 0,
        sha256: null,
        url: base + MANIFEST_FILE,
      });
    const expected = job.expectedRows;
    return {
      id: job.id,
      dataset: job.dataset,
      format: job.format,
      status: job.status,
      parameters: job.parameters,
      filters: job.filters,
      rowsWritten: job.rowsWritten,
      expectedRows: expected,
      progress:
        job.status === 'done'
          ? 1
          : expected !== null && expected > 0
            ? Math.min(1, job.rowsWritten / expected)
            : null,
      files,
      error: job.error,
      requestedBy,
      createdAt: job.createdAt.toISOString(),
      finishedAt: job.finishedAt?.toISOString() ?? null,
      expiresAt: job.expiresAt?.toISOString() ?? null,
    };
  }
}

function grantView(g: PseudonymGrantEntity, grantee: string): PseudonymGrantView {
  return {
    id: g.id,
    study: g.study,
    grantedTo: grantee,
    grantedBy: g.grantedBy,
    keyId: new Pseudonymiser(g.key).keyId(),
    createdAt: g.createdAt.toISOString(),
    revokedAt: g.revokedAt?.toISOString() ?? null,
  };
}

function contentTypeOf(name: string): string {
  if (name.endsWith('.csv')) return 'text/csv; charset=utf-8; header=present';
  if (name.endsWith('.ndjson')) return 'application/x-ndjson; charset=utf-8';
  if (name.endsWith('.parquet')) return 'application/vnd.apache.parquet';
  if (name.endsWith('.json')) return 'application/json; charset=utf-8';
  if (name.endsWith('.md')) return 'text/markdown; charset=utf-8';
  return 'application/octet-stream';
}
