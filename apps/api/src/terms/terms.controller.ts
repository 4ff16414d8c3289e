import { Controller, Get, Param, Query } from '@nestjs/common';
import type { TermPost, TermSeries, TermSummary } from '@spreadwatch/contracts';
import { z } from 'zod';

import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { TermsService } from './terms.service';

const TopQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(20) });
const SeriesQuery = z.object({
  minutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(120),
});
const TermParam = z.string().min(1).max(200);
const PostsQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

@Controller('terms')
export class TermsController {
  constructor(private readonly terms: TermsService) {}

  /** Terms ranked by spread score in the newest minutes. */
  @Get('top')
  async top(
    @Query(new ZodValidationPipe(TopQuery)) query: z.infer<typeof TopQuery>,
  ): Promise<TermSummary[]> {
    return this.terms.top(query.limit);
  }

  @Get(':term/series')
  async series(
    @Param('term', new ZodValidationPipe(TermParam)) term: string,
    @Query(new ZodValidationPipe(SeriesQuery)) query: z.infer<typeof SeriesQuery>,
  ): Promise<TermSeries> {
    return this.terms.series(term, query.minutes);
  }

  /** Newest posts carrying the term, text only (no media, links as strings). */
  @Get(':term/posts')
  async posts(
    @Param('term', new ZodValidationPipe(TermParam)) term: string,
    @Query(new ZodValidationPipe(PostsQuery)) query: z.infer<typeof PostsQuery>,
  ): Promise<TermPost[]> {
    return this.terms.posts(term, query.limit);
  }
}
