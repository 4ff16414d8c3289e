import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AlertEntity } from '../alerts/alert.entity';
import { AccountScoreEntity } from './account-score.entity';
import { ClusterEntity } from './cluster.entity';
import { CoordinationController } from './coordination.controller';
import { CoordinationService } from './coordination.service';

/** REST for clusters and accounts; CoordinationService is exported for the pipeline to persist clusters. */
@Module({
  imports: [TypeOrmModule.forFeature([ClusterEntity, AccountScoreEntity, AlertEntity])],
  controllers: [CoordinationController],
  providers: [CoordinationService],
  exports: [CoordinationService],
})
export class CoordinationModule {}
