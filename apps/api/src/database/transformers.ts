import type { ValueTransformer } from 'typeorm';

/** `pg` returns bigint as a string; our seqs and counts stay well inside 2^53. */
export const bigintToNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
