import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
} from '@nestjs/common';
import {
  type CurrentUser as User,
  type WatchlistParsed,
  type WatchlistView,
  WatchlistInputSchema,
} from '@spreadwatch/contracts';

import { CurrentUser } from '../auth/current-user.decorator';
import { Roles } from '../auth/roles.decorator';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { WatchlistsService } from './watchlists.service';

/** Watched keywords and phrases with variants, synonym groups and per-list alert settings (issue #3). */
@Controller('watchlists')
export class WatchlistsController {
  constructor(private readonly watchlists: WatchlistsService) {}

  /** Every list; protected terms are masked for roles other than admin and analyst. */
  @Get()
  list(@CurrentUser() user: User): Promise<WatchlistView[]> {
    return this.watchlists.list(user);
  }

  @Get(':id')
  get(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentUser() user: User,
  ): Promise<WatchlistView> {
    return this.watchlists.get(id, user);
  }

  @Post()
  @Roles('admin', 'analyst')
  create(
    @Body(new ZodValidationPipe(WatchlistInputSchema)) body: WatchlistParsed,
    @CurrentUser() user: User,
  ): Promise<WatchlistView> {
    return this.watchlists.create(body, user);
  }

  /** Replaces the whole list; matched from the next ingested post on. */
  @Put(':id')
  @Roles('admin', 'analyst')
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body(new ZodValidationPipe(WatchlistInputSchema)) body: WatchlistParsed,
    @CurrentUser() user: User,
  ): Promise<WatchlistView> {
    return this.watchlists.update(id, body, user);
  }

  @Delete(':id')
  @Roles('admin', 'analyst')
  @HttpCode(204)
  async remove(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.watchlists.remove(id);
  }
}
