import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { ProtectedTermsService } from './protected-terms.service';
import { WatchlistEntity } from './watchlist.entity';
import { WatchlistsController } from './watchlists.controller';
import { WatchlistsService } from './watchlists.service';

/**
 * REST for watchlists; WatchlistsService is exported for the live pipeline to match them, ProtectedTermsService
 * for everything that masks protected terms (exports, notifications, the socket gateway).
 */
@Module({
  imports: [TypeOrmModule.forFeature([WatchlistEntity])],
  controllers: [WatchlistsController],
  providers: [WatchlistsService, ProtectedTermsService],
  exports: [WatchlistsService, ProtectedTermsService],
})
export class WatchlistsModule {}
