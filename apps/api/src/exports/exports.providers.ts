import { ExportAuditEntity } from './export-audit.entity';
import { ExportJobEntity } from './export-job.entity';
import { ExportsController } from './exports.controller';
import { ExportsScheduler } from './exports.scheduler';
import { ExportsService } from './exports.service';
import { PseudonymGrantEntity } from './pseudonym-grant.entity';

/** Research exports (issue #8), wired into AppModule beside the LiveEvents they report progress through. */
export const EXPORT_ENTITIES = [ExportJobEntity, ExportAuditEntity, PseudonymGrantEntity];
export const EXPORT_CONTROLLERS = [ExportsController];
export const EXPORT_PROVIDERS = [ExportsService, ExportsScheduler];
