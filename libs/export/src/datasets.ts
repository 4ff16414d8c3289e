import {
  type ColumnDef,
  type ColumnType,
  type DatasetDefinition,
  type Resolution,
} from './dataset-definition';

/** A numeric column found in the bucket source (term_buckets or a replay's scores), by name and type. */
export interface BucketColumn {
  name: string;
  type: ColumnType;
}

type KnownBucketColumn = Omit<ColumnDef, 'name' | 'type' | 'nullable'>;

// What we know about term_buckets columns. Columns not listed here are still exported (the list is read
// from the source at export time); they get a generic description and are rolled up with `last`.
const KNOWN_BUCKET_COLUMNS: Readonly<Record<string, KnownBucketColumn>> = {
  count: {
    description:
      'Posts in the bucket (count observations are spread evenly over the minutes of their interval)',
    unit: 'posts',
    aggregation: 'sum',
  },
  unique_authors: {
    description:
      'Distinct authors per minute; at 5m/1h the sum of the per-minute values, an upper bound of distinct authors',
    unit: 'authors',
    aggregation: 'sum',
  },
  first_time_authors: {
    description: 'Authors posting the term for the first time; summed at 5m/1h',
    unit: 'authors',
    aggregation: 'sum',
  },
  rate: {
    description: 'Smoothed posts per minute (EWMA) at the end of the bucket',
    unit: 'posts/min',
    aggregation: 'last',
  },
  baseline: {
    description: 'Expected posts per minute learned from the term’s past, at the end of the bucket',
    unit: 'posts/min',
    aggregation: 'last',
  },
  velocity: {
    description: 'Change of the smoothed rate per minute, at the end of the bucket',
    unit: 'posts/min²',
    aggregation: 'last',
  },
  acceleration: {
    description: 'Change of velocity per minute, at the end of the bucket',
    unit: 'posts/min³',
    aggregation: 'last',
  },
  score: {
    description:
      'Spread score (−log10 tail probability of the window count under the baseline, ADR 0002); at 5m/1h the maximum',
    unit: '−log10 p',
    aggregation: 'max',
  },
  window_count: {
    description: 'Posts in the scoring window ending with the bucket',
    unit: 'posts',
    aggregation: 'last',
  },
  expected_window_count: {
    description: 'Posts the baseline expects in the scoring window',
    unit: 'posts',
    aggregation: 'last',
  },
  window_unique_authors: {
    description: 'Distinct authors in the scoring window',
    unit: 'authors',
    aggregation: 'last',
  },
  window_minutes: {
    description: 'Length of the scoring window',
    unit: 'min',
    aggregation: 'last',
  },
  dispersion: {
    description: 'Quasi-Poisson dispersion factor φ ≥ 1 used to scale the statistic',
    unit: '',
    aggregation: 'last',
  },
  baseline_lower: {
    description:
      'Lower edge of the usual per-minute band (baseline − 2 robust sd, ≥ 0), at the end of the bucket',
    unit: 'posts/min',
    aggregation: 'last',
  },
  baseline_upper: {
    description:
      'Upper edge of the usual per-minute band (baseline + 2 robust sd), at the end of the bucket',
    unit: 'posts/min',
    aggregation: 'last',
  },
  repost_share: {
    description: 'Share of the posts that are reposts; at 5m/1h the mean of the minutes',
    unit: 'fraction',
    aggregation: 'mean',
  },
  robust_z: {
    description: 'Robust z of the window count against the baseline; at 5m/1h the maximum',
    unit: 'robust sd',
    aggregation: 'max',
  },
  detectors: {
    description:
      'Each detector’s statistic (log10-evidence units, before weighting), JSON object; at 5m/1h the last',
    unit: 'log10 evidence',
    aggregation: 'last',
  },
  forecast: {
    description:
      'Reach forecast of the running episode (intensity, branching, final size and 90% interval), JSON; null outside an episode',
    unit: 'posts',
    aggregation: 'last',
  },
  burst_level: {
    description:
      'Kleinberg burst state (0 = base rate, k ≈ burstRatio^k × base); at 5m/1h the maximum',
    unit: 'level',
    aggregation: 'max',
  },
};

// Families of columns named by prefix (one per detector or forecast field), documented as a group.
const KNOWN_PREFIXES: readonly { prefix: string; doc: (rest: string) => KnownBucketColumn }[] = [
  {
    prefix: 'detectors_',
    doc: (d) => ({
      description: `Statistic of the ${d} detector (log10-evidence units, before weighting); at 5m/1h the maximum`,
      unit: 'log10 evidence',
      aggregation: 'max',
    }),
  },
  {
    prefix: 'contributions_',
    doc: (d) => ({
      description: `Weighted share of the spread score from the ${d} detector (shares add up to score); at 5m/1h the maximum`,
      unit: '−log10 p',
      aggregation: 'max',
    }),
  },
  {
    prefix: 'forecast_',
    doc: (f) => ({
      description: `Reach forecast of the running episode: ${f} (null outside an episode), at the end of the bucket`,
      unit: '',
      aggregation: 'last',
    }),
  },
];

function knownColumn(name: string): KnownBucketColumn | undefined {
  const known = KNOWN_BUCKET_COLUMNS[name];
  if (known !== undefined) return known;
  const family = KNOWN_PREFIXES.find((f) => name.startsWith(f.prefix));
  return family?.doc(name.slice(family.prefix.length));
}

/** Columns of term_buckets that are the key, not measurements. */
export const BUCKET_KEY_COLUMNS: readonly string[] = ['term', 'bucket_start'];

/**
 * The per-term time series. Its measurement columns are whatever the source holds (term_buckets as migrated
 * today, or a replay's scores), so detector columns added later are exported without a code change here.
 */
export function termSeriesDefinition(
  resolution: Resolution,
  measurements: readonly BucketColumn[],
): DatasetDefinition {
  const columns: ColumnDef[] = [
    {
      name: 'term',
      type: 'string',
      nullable: false,
      description:
        'Normalised term (hashtags keep their #); protected terms are masked as protected:<pseudonym>',
      unit: '',
      privacy: 'term',
      aggregation: 'key',
    },
    {
      name: 'bucket_start',
      type: 'timestamp',
      nullable: false,
      description: `Start of the ${resolution} bucket, UTC (buckets are aligned to the Unix epoch)`,
      unit: 'UTC instant',
      aggregation: 'key',
    },
    {
      name: 'minutes',
      type: 'int32',
      nullable: false,
      description: 'Stored one-minute buckets behind this row (minutes when the term was active)',
      unit: 'min',
      aggregation: 'sum',
    },
  ];
  for (const m of measurements) {
    if (BUCKET_KEY_COLUMNS.includes(m.name) || m.name === 'minutes') continue;
    const known = knownColumn(m.name);
    columns.push({
      name: m.name,
      type: m.type,
      nullable: true,
      ...(known ?? {
        description: `Detector column ${m.name} of term_buckets (no description registered; see docs/adr); at 5m/1h its last value`,
        unit: '',
        aggregation: 'last',
      }),
    });
  }
  return {
    name: 'term-series',
    description: `Per-term velocity time series at ${resolution} resolution`,
    rowMeaning: `one term in one ${resolution} bucket in which it was active`,
    columns,
  };
}

export const ALERTS_DATASET: DatasetDefinition = {
  name: 'alerts',
  description:
    'Alert episodes (each row is the alert’s latest state) with the evidence behind them',
  rowMeaning: 'one alert episode',
  columns: [
    {
      name: 'alert_id',
      type: 'string',
      nullable: false,
      description: 'Alert id, pseudonymised (stable within this export)',
      unit: '',
      privacy: 'opaque-id',
    },
    {
      name: 'fingerprint',
      type: 'string',
      nullable: false,
      description: 'Condition fingerprint, pseudonymised: equal values mean the same condition',
      unit: '',
      privacy: 'opaque-id',
    },
    {
      name: 'seq',
      type: 'int64',
      nullable: false,
      description: 'Installation-wide change sequence number of the alert’s latest state',
      unit: '',
    },
    {
      name: 'kind',
      type: 'string',
      nullable: false,
      description: 'Detector family: velocity, coordination or forecast',
      unit: '',
    },
    {
      name: 'status',
      type: 'string',
      nullable: false,
      description: 'firing or resolved',
      unit: '',
    },
    {
      name: 'severity',
      type: 'string',
      nullable: false,
      description: 'info, warning or critical',
      unit: '',
    },
    {
      name: 'term',
      type: 'string',
      nullable: true,
      description: 'Term the alert is about; protected terms masked',
      unit: '',
      privacy: 'term',
    },
    {
      name: 'accounts',
      type: 'json',
      nullable: true,
      description: 'Accounts the alert names, as pseudonyms (JSON array)',
      unit: '',
      privacy: 'account-list',
    },
    {
      name: 'score',
      type: 'double',
      nullable: false,
      description: 'Detector score when the alert last changed',
      unit: '−log10 p (velocity)',
    },
    {
      name: 'fired_at',
      type: 'timestamp',
      nullable: false,
      description: 'Event time the condition started, UTC',
      unit: 'UTC instant',
    },
    {
      name: 'resolved_at',
      type: 'timestamp',
      nullable: true,
      description: 'Event time the condition ended, UTC; null while firing',
      unit: 'UTC instant',
    },
    {
      name: 'summary',
      type: 'string',
      nullable: false,
      description: 'One human sentence; protected terms masked',
      unit: '',
      privacy: 'text',
    },
    {
      name: 'labels',
      type: 'json',
      nullable: false,
      description:
        'Alert labels (JSON object); protected terms masked, the `cluster` label pseudonymised like cluster_id of the clusters dataset',
      unit: '',
      privacy: 'evidence',
    },
    {
      name: 'evidence',
      type: 'json',
      nullable: false,
      description:
        'The numbers behind the alert (window counts, baseline, statistic, threshold, top accounts as pseudonyms), JSON',
      unit: '',
      privacy: 'evidence',
    },
  ],
};

/** Post-level observations; `includeText` adds the text and links columns. */
export function postsDefinition(includeText: boolean): DatasetDefinition {
  const columns: ColumnDef[] = [
    {
      name: 'source',
      type: 'string',
      nullable: false,
      description: 'Platform or connector the post came from',
      unit: '',
    },
    {
      name: 'post_id',
      type: 'string',
      nullable: false,
      description: 'Post id, pseudonymised per (source, id)',
      unit: '',
      privacy: 'post',
    },
    {
      name: 'ts',
      type: 'timestamp',
      nullable: false,
      description: 'Event time (when posted), UTC',
      unit: 'UTC instant',
    },
    {
      name: 'kind',
      type: 'string',
      nullable: false,
      description: 'post, repost, reply or quote',
      unit: '',
    },
    {
      name: 'parent_id',
      type: 'string',
      nullable: true,
      description: 'Parent post id (reposted, replied to or quoted), pseudonymised like post_id',
      unit: '',
      privacy: 'post',
    },
    {
      name: 'author_id',
      type: 'string',
      nullable: true,
      description: 'Author account, pseudonymised',
      unit: '',
      privacy: 'account',
    },
    {
      name: 'author_handle',
      type: 'string',
      nullable: true,
      description:
        'Author handle (lower-cased, without @), pseudonymised; matches pseudonymised @mentions in text',
      unit: '',
      privacy: 'handle',
    },
    {
      name: 'author_created_at',
      type: 'timestamp',
      nullable: true,
      description: 'When the author account was created, UTC',
      unit: 'UTC instant',
    },
    {
      name: 'terms',
      type: 'json',
      nullable: false,
      description: 'Terms extracted from the post (JSON array); protected terms masked',
      unit: '',
      privacy: 'term-list',
    },
    {
      name: 'lang',
      type: 'string',
      nullable: true,
      description: 'Language code given by the source',
      unit: '',
    },
    {
      name: 'metrics',
      type: 'json',
      nullable: true,
      description: 'Engagement counts at ingest (reposts, likes, replies), JSON object',
      unit: 'count',
    },
  ];
  if (includeText) {
    columns.push(
      {
        name: 'text',
        type: 'string',
        nullable: true,
        description: 'Post text; protected terms masked, @mentions pseudonymised',
        unit: '',
        privacy: 'text',
      },
      {
        name: 'urls',
        type: 'json',
        nullable: true,
        description: 'Links in the post as text (JSON array); never fetched',
        unit: '',
        privacy: 'masked-json',
      },
    );
  }
  return {
    name: 'posts',
    description:
      'Post-level observations within the retention period; deleted posts are never exported',
    rowMeaning: 'one stored post',
    columns,
  };
}
