import type { ColumnDef, DatasetDefinition } from './dataset-definition';

/** A bot-likeness feature as documented in the account-features dictionary (ADR 0006). */
export interface BotFeatureDoc {
  /** Feature name as `scoreAccount` reports it in attributions. */
  feature: string;
  /** Column prefix (snake_case). */
  column: string;
  /** What the raw value is. */
  value: string;
  /** Unit of the raw value. */
  unit: string;
}

// Features of `scoreAccount` (libs/coordination, ADR 0006), in the ADR's order. A feature the model adds later
// still reaches the export inside `attributions`; the spec fails until it is documented here.
export const BOT_FEATURES: readonly BotFeatureDoc[] = [
  {
    feature: 'accountAgeDays',
    column: 'account_age',
    value: 'Account age when it posted',
    unit: 'days',
  },
  {
    feature: 'postsPerDay',
    column: 'posts_per_day',
    value: 'Posts per day over the account’s life (platform count), else as observed',
    unit: 'posts/day',
  },
  {
    feature: 'gapCv',
    column: 'cadence',
    value: 'Coefficient of variation of the gaps between the account’s posts (low = regular)',
    unit: 'ratio',
  },
  {
    feature: 'followerRatio',
    column: 'follower_ratio',
    value: '(followers + 1) / (following + 1)',
    unit: 'ratio',
  },
  {
    feature: 'handleDigitRun',
    column: 'handle_digit_run',
    value: 'Longest run of digits in the handle',
    unit: 'characters',
  },
  {
    feature: 'handleEntropy',
    column: 'handle_entropy',
    value: 'Shannon entropy of the handle’s characters',
    unit: 'bits/character',
  },
  {
    feature: 'repostRatio',
    column: 'repost_ratio',
    value: 'Share of the account’s observed posts that are reposts',
    unit: 'fraction',
  },
  {
    feature: 'duplicateTextRatio',
    column: 'duplicate_text_ratio',
    value: 'Share of the account’s posts whose text matches another account’s recent text',
    unit: 'fraction',
  },
  {
    feature: 'hourSpread',
    column: 'hour_spread',
    value: 'Normalised entropy of the account’s UTC posting hours (1 = spread over every hour)',
    unit: 'fraction',
  },
];

const ts = (name: string, description: string, nullable = false): ColumnDef => ({
  name,
  type: 'timestamp',
  nullable,
  description,
  unit: 'UTC instant',
});

export const CLUSTERS_DATASET: DatasetDefinition = {
  name: 'clusters',
  description:
    'Coordinated clusters (accounts acting together on the same objects within seconds, ADR 0006), each row the cluster’s latest state, with member accounts and evidence',
  rowMeaning: 'one coordination cluster',
  columns: [
    {
      name: 'cluster_id',
      type: 'string',
      nullable: false,
      description:
        'Cluster id, pseudonymised; equals the pseudonymised `cluster` label and `clusterIds` of the alerts dataset in the same export key',
      unit: '',
      privacy: 'opaque-id',
    },
    {
      name: 'status',
      type: 'string',
      nullable: false,
      description: 'active, or resolved (not seen for 30 min of event time)',
      unit: '',
    },
    {
      name: 'size',
      type: 'int32',
      nullable: false,
      description: 'Member accounts',
      unit: 'accounts',
    },
    {
      name: 'score',
      type: 'double',
      nullable: false,
      description:
        'Ranking score log2(1 + size) × (0.5 + fast_share) × (1 + max amplification share)',
      unit: '',
    },
    {
      name: 'accounts',
      type: 'json',
      nullable: false,
      description:
        'Member accounts as pseudonyms (JSON array); equal to author_id of the posts dataset under the same key',
      unit: '',
      privacy: 'account-list',
    },
    {
      name: 'terms',
      type: 'json',
      nullable: false,
      description:
        'Terms the members pushed, most posts first (JSON array); protected terms masked',
      unit: '',
      privacy: 'term-list',
    },
    {
      name: 'top_term',
      type: 'string',
      nullable: true,
      description: 'The term members pushed most; protected terms masked',
      unit: '',
      privacy: 'term',
    },
    {
      name: 'amplification_share',
      type: 'double',
      nullable: false,
      description: 'Members’ posts of top_term / all posts of top_term in the amplification window',
      unit: 'fraction',
    },
    ts('first_activity', 'Event time of the earliest member action in the evidence, UTC'),
    ts('last_activity', 'Event time of the latest member action in the evidence, UTC'),
    ts('flagged_at', 'Event time the cluster was last reported (snapshot time), UTC'),
    {
      name: 'edges',
      type: 'int32',
      nullable: false,
      description: 'Retained co-action edges (pairs above the weight threshold) among members',
      unit: 'edges',
    },
    {
      name: 'coactions',
      type: 'double',
      nullable: false,
      description: 'Co-actions among members (two members acting on one object within the window)',
      unit: 'co-actions',
    },
    {
      name: 'fast_share',
      type: 'double',
      nullable: false,
      description: 'Share of co-actions within the automation-grade gap (5 s)',
      unit: 'fraction',
    },
    {
      name: 'text_similarity',
      type: 'double',
      nullable: true,
      description:
        'Mean estimated Jaccard similarity of members’ latest texts (MinHash); null without texts',
      unit: 'Jaccard [0, 1]',
    },
    {
      name: 'mean_bot_likeness',
      type: 'double',
      nullable: false,
      description: 'Mean bot-likeness score of the members (see the account-features dataset)',
      unit: 'score [0, 1]',
    },
    {
      name: 'edge_threshold',
      type: 'double',
      nullable: false,
      description:
        'Decayed pair weight an edge needed: max(minimum weight, edge_percentile of active pairs)',
      unit: 'decayed co-actions',
    },
    {
      name: 'edge_percentile',
      type: 'double',
      nullable: false,
      description: 'Percentile of active pair weights used for the threshold',
      unit: 'percentile',
    },
    {
      name: 'window_minutes',
      type: 'double',
      nullable: false,
      description: 'Window over which amplification shares are measured',
      unit: 'min',
    },
    {
      name: 'gap_histogram',
      type: 'json',
      nullable: false,
      description:
        'Time gaps between paired actions: JSON array of {lo, hi, count}, bins in seconds [lo, hi), hi null = open',
      unit: 's (bins), co-actions (count)',
    },
    {
      name: 'channels',
      type: 'json',
      nullable: false,
      description:
        'Co-actions per channel (term, parent, url, text, near-text), JSON object of counts',
      unit: 'co-actions',
    },
    {
      name: 'terms_pushed',
      type: 'json',
      nullable: false,
      description:
        'Per pushed term: {term, clusterPosts, totalPosts, amplificationShare = clusterPosts / totalPosts} in the window, JSON array; protected terms masked',
      unit: 'posts, fraction',
      privacy: 'masked-json',
    },
    {
      name: 'shared_objects',
      type: 'json',
      nullable: false,
      description:
        'Objects several members acted on: JSON array of {channel, key, source?, accounts, actions}; parent post ids pseudonymised like post_id of the posts dataset, text/hash keys as opaque pseudonyms, links as text (never fetched) with protected terms masked. Objects backed only by deleted (or retention-purged) posts are left out',
      unit: 'accounts, actions',
      privacy: 'shared-objects',
    },
    {
      name: 'edge_list',
      type: 'json',
      nullable: false,
      description:
        'Member-to-member co-action links, heaviest first (capped): JSON array of {source, target, weight, channels} with accounts as pseudonyms; weight in decayed co-actions',
      unit: 'decayed co-actions',
      privacy: 'edge-list',
    },
  ],
};

/** Account features: one row per scored account, each bot-likeness feature as value, x and contribution. */
export const ACCOUNT_FEATURES_DATASET: DatasetDefinition = {
  name: 'account-features',
  description:
    'Bot-likeness of accounts seen in coordination clusters, from metadata only (logistic model with fixed weights, ADR 0006), with per-feature attributions',
  rowMeaning: 'one account’s latest bot-likeness score',
  columns: [
    {
      name: 'account_id',
      type: 'string',
      nullable: false,
      description:
        'Account, pseudonymised; equal to author_id of the posts dataset and to the clusters dataset’s accounts under the same key',
      unit: '',
      privacy: 'account',
    },
    {
      name: 'handle',
      type: 'string',
      nullable: true,
      description:
        'Handle (lower-cased, without @), pseudonymised; equal to author_handle of the posts dataset under the same key',
      unit: '',
      privacy: 'handle',
    },
    {
      name: 'cluster_id',
      type: 'string',
      nullable: true,
      description:
        'Cluster the account was last seen in, pseudonymised like cluster_id of the clusters dataset',
      unit: '',
      privacy: 'opaque-id',
    },
    {
      name: 'score',
      type: 'double',
      nullable: false,
      description:
        'Bot-likeness σ(bias + Σ contributions); ranks and explains, does not decide membership',
      unit: 'score [0, 1]',
    },
    {
      name: 'bias',
      type: 'double',
      nullable: false,
      description: 'Intercept of the logistic model',
      unit: 'logit',
    },
    {
      name: 'observed_posts',
      type: 'int32',
      nullable: false,
      description: 'Posts of the account the stream had seen when it was scored',
      unit: 'posts',
    },
    ts('as_of', 'Event time the score was computed at, UTC'),
    ...BOT_FEATURES.flatMap((f): ColumnDef[] => [
      {
        name: `${f.column}_value`,
        type: 'double',
        nullable: true,
        description: `${f.value} (feature ${f.feature}); null when the metadata was missing`,
        unit: f.unit,
      },
      {
        name: `${f.column}_x`,
        type: 'double',
        nullable: true,
        description: `Feature ${f.feature} mapped to [0, 1] (1 = most bot-like, 0 when missing), shrunk toward 0 on few posts`,
        unit: 'fraction',
      },
      {
        name: `${f.column}_contribution`,
        type: 'double',
        nullable: true,
        description: `Weight × x of ${f.feature}: its part of the score before the sigmoid`,
        unit: 'logit',
      },
    ]),
    {
      name: 'attributions',
      type: 'json',
      nullable: false,
      description:
        'Every feature as {feature, value, x, weight, contribution}, largest absolute contribution first (JSON array)',
      unit: 'logit (contribution, weight)',
    },
  ],
};
