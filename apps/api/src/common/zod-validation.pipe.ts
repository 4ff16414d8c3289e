import { BadRequestException, type PipeTransform } from '@nestjs/common';
import { formatIssues } from '@spreadwatch/contracts';
import type { z } from 'zod';

/** Validates a body or query with a zod schema; a failure is a 400 naming each bad field. */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value);
    if (!result.success) throw new BadRequestException(formatIssues(result.error));
    return result.data;
  }
}
