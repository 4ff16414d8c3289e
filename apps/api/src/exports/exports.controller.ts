import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  StreamableFile,
} from '@nestjs/common';
import {
  type CurrentUser as User,
  type ExportJobView,
  type ExportRequest,
  ExportRequestSchema,
  type PseudonymGrantRequest,
  PseudonymGrantRequestSchema,
  type PseudonymGrantView,
} from '@spreadwatch/contracts';
import { z } from 'zod';

import { CurrentUser } from '../auth/current-user.decorator';
import { Roles } from '../auth/roles.decorator';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { ExportsService } from './exports.service';

// Names the service lists (e.g. term-series.parquet, manifest.json); anything else is refused before lookup.
const FileName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{0,80}$/, 'must be a file name of this export');

/** Research exports: researchers (and admins) with an API key or session. */
@Controller('exports')
@Roles('researcher', 'admin')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  /** Starts an export job; poll GET /api/exports/:id or listen to `export:progress`. */
  @Post()
  @HttpCode(202)
  async create(
    @CurrentUser() user: User,
    @Body(new ZodValidationPipe(ExportRequestSchema)) body: ExportRequest,
  ): Promise<ExportJobView> {
    return this.exports.create(user, body);
  }

  @Get()
  async list(@CurrentUser() user: User): Promise<ExportJobView[]> {
    return this.exports.list(user);
  }

  /** Stable-pseudonym grants: an admin sees all, a researcher their own (never the key). */
  @Get('pseudonym-keys')
  async grants(@CurrentUser() user: User): Promise<PseudonymGrantView[]> {
    return this.exports.listGrants(user);
  }

  @Post('pseudonym-keys')
  @Roles('admin')
  async grant(
    @CurrentUser() user: User,
    @Body(new ZodValidationPipe(PseudonymGrantRequestSchema)) body: PseudonymGrantRequest,
  ): Promise<PseudonymGrantView> {
    return this.exports.grant(user, body);
  }

  @Delete('pseudonym-keys/:id')
  @Roles('admin')
  @HttpCode(204)
  async revoke(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.exports.revokeGrant(id);
  }

  @Get(':id')
  async get(
    @CurrentUser() user: User,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ExportJobView> {
    return this.exports.get(user, id);
  }

  /** Streams one file of a finished export. */
  @Get(':id/files/:name')
  async download(
    @CurrentUser() user: User,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('name', new ZodValidationPipe(FileName)) name: string,
  ): Promise<StreamableFile> {
    const file = await this.exports.openFile(user, id, name);
    return new StreamableFile(file.stream, {
      type: file.contentType,
      length: file.bytes,
      disposition: `attachment; filename="${name}"`,
    });
  }
}
