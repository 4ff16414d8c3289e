import { Controller, Get, Param, Query } from '@nestjs/common';
import type {
  AccountScore,
  Cluster,
  ClusterPage,
  ClusterSummary,
  TermPicture,
} from '@spreadwatch/contracts';
import { z } from 'zod';

import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { CoordinationService } from './coordination.service';

const ClustersQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.coerce.number().int().min(0).default(0),
  term: z.string().min(1).max(200).optional(),
});
const IdParam = z.string().min(1).max(200);

/** Coordinated clusters and account bot-likeness, for the dashboard to draw. */
@Controller()
export class CoordinationController {
  constructor(private readonly coordination: CoordinationService) {}

  /** Clusters by latest activity; `term` keeps those that pushed it; page with `cursor`. */
  @Get('clusters')
  async list(
    @Query(new ZodValidationPipe(ClustersQuery)) query: z.infer<typeof ClustersQuery>,
  ): Promise<ClusterPage> {
    return this.coordination.page(query.limit, query.cursor, query.term);
  }

  @Get('clusters/:id')
  async get(@Param('id', new ZodValidationPipe(IdParam)) id: string): Promise<Cluster> {
    return this.coordination.get(id);
  }

  /** Bot-likeness with per-feature attributions (accounts that have been in a cluster). */
  @Get('accounts/:id')
  async account(@Param('id', new ZodValidationPipe(IdParam)) id: string): Promise<AccountScore> {
    return this.coordination.account(id);
  }

  @Get('terms/:term/clusters')
  async termClusters(
    @Param('term', new ZodValidationPipe(IdParam)) term: string,
  ): Promise<{ picture: TermPicture; clusters: ClusterSummary[] }> {
    return this.coordination.termClusters(term);
  }
}
