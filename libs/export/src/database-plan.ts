import { ACCOUNT_FEATURES_DATASET, CLUSTERS_DATASET } from './coordination-datasets';
import type { DatasetDefinition, DatasetName, ExportRow, Resolution } from './dataset-definition';
import { RESOLUTION_MS } from './dataset-definition';
import { ALERTS_DATASET, postsDefinition, termSeriesDefinition } from './datasets';
import { rollUp } from './series-aggregator';
import {
  accountFeatureRows,
  alertRows,
  clusterRows,
  countAccountFeatures,
  countAlerts,
  countClusters,
  countPosts,
  countTermBuckets,
  describeTermBuckets,
  postRows,
  type SqlQueryable,
  termBucketRows,
} from './sql-sources';

export interface DatabaseExportRequest {
  dataset: DatasetName;
  /** ISO instants of the window. */
  from: string;
  to: string;
  terms: string[];
  resolution: Resolution;
  includeText: boolean;
  /** Post text is kept this many days; older posts are outside retention. */
  retentionDays: number;
  /** Milliseconds since the epoch, for the retention cut-off. */
  now: number;
}

export interface DatabaseExportPlan {
  definition: DatasetDefinition;
  rows: AsyncIterable<ExportRow>;
  expectedRows: number;
  notes: string[];
}

/**
 * What a dataset reads from the stored tables, shared by the API's export jobs and `spreadwatch export`:
 * the definition, keyset-paged rows (constant memory), the expected row count and the manifest notes.
 */
export async function planDatabaseExport(
  db: SqlQueryable,
  r: DatabaseExportRequest,
): Promise<DatabaseExportPlan> {
  const filter = { from: r.from, to: r.to, terms: r.terms };
  switch (r.dataset) {
    case 'term-series': {
      const { columns, skipped } = await describeTermBuckets(db);
      const definition = termSeriesDefinition(r.resolution, columns);
      return {
        definition,
        rows: rollUp(termBucketRows(db, filter, columns), definition, r.resolution, 'term-major'),
        expectedRows: await countTermBuckets(db, filter, RESOLUTION_MS[r.resolution]),
        notes:
          skipped.length > 0
            ? [`term_buckets columns of unsupported types left out: ${skipped.join(', ')}`]
            : [],
      };
    }
    case 'alerts':
      return {
        definition: ALERTS_DATASET,
        rows: alertRows(db, filter),
        expectedRows: await countAlerts(db, filter),
        notes: [],
      };
    case 'posts': {
      const postFilter = {
        ...filter,
        retainedSince: new Date(r.now - r.retentionDays * 86_400_000).toISOString(),
        includeText: r.includeText,
      };
      return {
        definition: postsDefinition(r.includeText),
        rows: postRows(db, postFilter),
        expectedRows: await countPosts(db, postFilter),
        notes: [
          `posts ingested before ${postFilter.retainedSince} are outside retention (${r.retentionDays} days) and left out`,
        ],
      };
    }
    case 'clusters':
      return {
        definition: CLUSTERS_DATASET,
        rows: clusterRows(db, filter),
        expectedRows: await countClusters(db, filter),
        notes: [
          'clusters whose activity overlaps the window, each in its latest stored state',
          'shared parents and links no live stored post backs (deleted or past retention) are left out',
        ],
      };
    case 'account-features':
      return {
        definition: ACCOUNT_FEATURES_DATASET,
        rows: accountFeatureRows(db, filter),
        expectedRows: await countAccountFeatures(db, filter),
        notes: ['accounts scored (as_of) in the window, each with its latest stored score'],
      };
  }
}
