import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Cluster, Observation, PostObservation } from '@spreadwatch/contracts';
import { parse } from 'csv-parse/sync';
import { parquetReadObjects } from 'hyparquet';

import { ACCOUNT_FEATURES_DATASET, BOT_FEATURES, CLUSTERS_DATASET } from './coordination-datasets';
import {
  accountFeaturesRow,
  backedSharedObjects,
  clusterRow,
  replayCoordinationRows,
  type SharedObjectBacking,
} from './coordination-rows';
import type { DatasetDefinition, ExportFormat, ExportRow } from './dataset-definition';
import { ALERTS_DATASET, postsDefinition } from './datasets';
import { runExport } from './export-runner';
import { privacyPass, type PrivacyContext } from './privacy';
import { Pseudonymiser } from './pseudonymiser';
import { postRow } from './replay-sources';
import { asText } from './row-writer';
import { TermMasker } from './term-masker';

const KEY = Buffer.alloc(32, 7);
const T0 = Date.parse('2026-03-01T12:00:00Z');
const FORMATS: ExportFormat[] = ['csv', 'ndjson', 'parquet'];
const ALL: SharedObjectBacking = { parentSource: () => 'test', hasUrl: () => true };

function context(key = KEY): PrivacyContext {
  const pseudonymiser = new Pseudonymiser(key);
  return { pseudonymiser, masker: new TermMasker(['#victimname'], pseudonymiser) };
}

function cluster(overrides: Partial<Cluster> = {}): Cluster {
  return {
    id: 'c1-abc',
    status: 'active',
    accounts: ['bot1', 'bot2', 'bot3', 'bot4'],
    size: 4,
    score: 3.7,
    terms: ['#victimname', '#news'],
    firstActivity: new Date(T0).toISOString(),
    lastActivity: new Date(T0 + 300_000).toISOString(),
    flaggedAt: new Date(T0 + 360_000).toISOString(),
    evidence: {
      edges: 6,
      coactions: 41.5,
      fastShare: 0.9,
      gapHistogram: [
        { lo: 0, hi: 1, count: 30 },
        { lo: 60, hi: null, count: 1 },
      ],
      channels: { term: 20, url: 21 },
      textSimilarity: null,
      sharedObjects: [
        { channel: 'term', key: '#victimname', accounts: 4, actions: 20 },
        { channel: 'url', key: 'example.org/victimname-video', accounts: 4, actions: 8 },
        { channel: 'parent', key: 'orig-77', accounts: 3, actions: 3 },
        { channel: 'text', key: 'text:1f2e3d', accounts: 4, actions: 9 },
      ],
      terms: [{ term: '#victimname', clusterPosts: 20, totalPosts: 25, amplificationShare: 0.8 }],
      windowMinutes: 10,
      edgeThreshold: 3,
      edgePercentile: 90,
      meanBotLikeness: 0.61,
    },
    members: [],
    edges: [{ source: 'bot1', target: 'bot2', weight: 5.5, channels: ['url'] }],
    ...overrides,
  };
}

function account(id: string, i: number): ExportRow {
  return accountFeaturesRow({
    accountId: id,
    handle: i % 2 === 0 ? `@Bot${i}@x.social` : null,
    score: 0.5 + i / 100,
    bias: -4.5,
    attributions: [
      { feature: 'accountAgeDays', value: 2, x: 0.88, weight: 2.5, contribution: 2.2 },
      { feature: 'followerRatio', value: null, x: 0, weight: 1.5, contribution: 0 },
    ],
    observedPosts: 12 + i,
    asOf: new Date(T0 + i * 1000).toISOString(),
    clusterId: 'c1-abc',
  });
}

async function readBack(path: string, format: ExportFormat): Promise<Record<string, unknown>[]> {
  const bytes = await readFile(path);
  if (format === 'csv') return parse<Record<string, unknown>>(bytes, { columns: true });
  if (format === 'ndjson')
    return bytes
      .toString('utf8')
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return (await parquetReadObjects({ file: buf })) as Record<string, unknown>[];
}

/** What an independent reader of `format` sees for a (privacy-applied) row. */
function asRead(def: DatasetDefinition, row: ExportRow, format: ExportFormat): ExportRow {
  const out: ExportRow = {};
  for (const c of def.columns) {
    const v = row[c.name] ?? null;
    if (format === 'csv')
      out[c.name] =
        v === null
          ? ''
          : c.type === 'timestamp'
            ? new Date(v as number).toISOString()
            : c.type === 'json'
              ? JSON.stringify(v)
              : asText(v);
    else if (c.type === 'timestamp' && v !== null)
      out[c.name] =
        format === 'ndjson' ? new Date(v as number).toISOString() : new Date(v as number);
    else if (c.type === 'int64' && v !== null && format === 'parquet')
      out[c.name] = BigInt(v as number);
    else out[c.name] = v;
  }
  return out;
}

describe('coordination datasets', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sw-coord-export-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const run = async (
    def: DatasetDefinition,
    format: ExportFormat,
    rows: ExportRow[],
    sub: string,
  ): Promise<Record<string, unknown>[]> => {
    const out = join(dir, sub, format);
    await runExport({
      exportId: 'e',
      createdAt: '2026-03-02T00:00:00.000Z',
      requestedBy: 'test',
      definition: def,
      format,
      outDir: out,
      rows: rows.map((r) => structuredClone(r)),
      privacy: context(),
      pseudonymScope: 'stable',
      parameters: {},
      filters: {},
      source: 'test',
      codeVersion: 'test',
      scoringConfig: {},
      parquetRowGroupRows: 2,
    });
    return readBack(join(out, `${def.name}.${format}`), format);
  };

  const cases: [DatasetDefinition, () => ExportRow[]][] = [
    [
      CLUSTERS_DATASET,
      () => [
        clusterRow(cluster(), ALL),
        clusterRow(cluster({ id: 'c2', status: 'resolved', terms: [], edges: [] }), ALL),
      ],
    ],
    [ACCOUNT_FEATURES_DATASET, () => ['bot1', 'bot2', 'bot3'].map((id, i) => account(id, i))],
  ];

  it.each(cases.flatMap(([def, rows]) => FORMATS.map((f) => [def.name, f, def, rows] as const)))(
    'round-trips %s through an independent %s reader',
    async (_name, format, def, rows) => {
      const source = rows();
      const back = await run(def, format, source, `rt-${def.name}`);
      const protect = privacyPass(def, context());
      expect(back).toEqual(source.map((r) => asRead(def, protect(structuredClone(r)), format)));
    },
  );

  it('documents every column with meaning, unit and type', () => {
    for (const def of [CLUSTERS_DATASET, ACCOUNT_FEATURES_DATASET]) {
      for (const c of def.columns) {
        expect(c.description.length).toBeGreaterThan(10);
        expect(typeof c.unit).toBe('string');
        expect(c.type).toBeTruthy();
      }
      expect(new Set(def.columns.map((c) => c.name)).size).toBe(def.columns.length);
    }
  });

  it('gives members, scored accounts and post authors the same pseudonyms under one key', async () => {
    const post: PostObservation = {
      type: 'post',
      source: 'test',
      id: 'p1',
      ts: new Date(T0).toISOString(),
      kind: 'repost',
      parentId: 'orig-77',
      author: { id: 'bot2', handle: 'bot2@x.social' },
      text: 'see #victimname',
      hashtags: ['victimname'],
    };
    const [posts] = [await run(postsDefinition(false), 'ndjson', [postRow(post, false)], 'join-p')];
    const clusters = await run(CLUSTERS_DATASET, 'ndjson', [clusterRow(cluster(), ALL)], 'join-c');
    const accounts = await run(
      ACCOUNT_FEATURES_DATASET,
      'ndjson',
      [
        accountFeaturesRow({
          accountId: 'bot2',
          handle: '@BOT2@x.social',
          score: 0.7,
          bias: -4.5,
          attributions: [],
          observedPosts: 3,
          asOf: new Date(T0).toISOString(),
          clusterId: 'c1-abc',
        }),
      ],
      'join-a',
    );
    const author = posts?.[0];
    expect(clusters[0]?.['accounts']).toContain(author?.['author_id']);
    expect(accounts[0]?.['account_id']).toBe(author?.['author_id']);
    expect(accounts[0]?.['handle']).toBe(author?.['author_handle']);
    expect(accounts[0]?.['cluster_id']).toBe(clusters[0]?.['cluster_id']);
    // The shared parent is the posts dataset's parent_id of the repost.
    const objects = clusters[0]?.['shared_objects'] as { channel: string; key: string }[];
    expect(objects.find((o) => o.channel === 'parent')?.key).toBe(author?.['parent_id']);
    const edge = (clusters[0]?.['edge_list'] as { source: string; target: string }[])[0];
    expect(edge?.target).toBe(author?.['author_id']);
  });

  it('masks protected terms and leaves no raw identifier in clusters', async () => {
    const [row] = await run(CLUSTERS_DATASET, 'ndjson', [clusterRow(cluster(), ALL)], 'mask');
    const raw = JSON.stringify(row);
    expect(raw).not.toMatch(/victimname|bot\d|orig-77|c1-abc|1f2e3d/i);
    expect(row?.['top_term']).toMatch(/^protected:t_[0-9a-f]{20}$/);
    expect((row?.['terms'] as string[])[0]).toBe(row?.['top_term']);
    const objects = row?.['shared_objects'] as { channel: string; key: string }[];
    expect(objects.map((o) => o.channel)).toEqual(['term', 'url', 'parent', 'text']);
    expect(objects[0]?.key).toBe(row?.['top_term']);
    expect(objects[1]?.key).toMatch(/^example\.org\/protected:t_[0-9a-f]{20}-video$/);
    expect(objects[3]?.key).toMatch(/^x_[0-9a-f]{20}$/);
  });

  it('joins coordination alerts to clusters: cluster label, clusterId and accounts pseudonymised alike', async () => {
    const alert: ExportRow = {
      alert_id: 'a1',
      fingerprint: 'fp',
      seq: 1,
      kind: 'coordination',
      status: 'firing',
      severity: 'warning',
      term: '#victimname',
      accounts: ['bot1'],
      score: 3,
      fired_at: T0,
      resolved_at: null,
      summary: '4 accounts push #victimname',
      labels: { alertname: 'CoordinatedAmplification', cluster: 'c1-abc' },
      evidence: {
        clusterId: 'c1-abc',
        botLikeness: [{ id: 'bot1', score: 0.9 }],
        sharedObjects: [{ channel: 'parent', key: 'orig-77', accounts: 3, actions: 3 }],
      },
    };
    const [a] = await run(ALERTS_DATASET, 'ndjson', [alert], 'alert-join');
    const [c] = await run(CLUSTERS_DATASET, 'ndjson', [clusterRow(cluster(), ALL)], 'alert-join-c');
    expect(JSON.stringify(a)).not.toMatch(/victimname|bot1|orig-77|c1-abc/i);
    expect((a?.['labels'] as Record<string, string>)['cluster']).toBe(c?.['cluster_id']);
    const evidence = a?.['evidence'] as { clusterId: string; botLikeness: { id: string }[] };
    expect(evidence.clusterId).toBe(c?.['cluster_id']);
    expect(evidence.botLikeness[0]?.id).toBe((a?.['accounts'] as string[])[0]);
  });
});

describe(backedSharedObjects.name, () => {
  const objects = cluster().evidence.sharedObjects;
  it.each([
    ['everything backed', ALL, ['term', 'url', 'parent', 'text']],
    [
      'no live post (deleted or purged)',
      { parentSource: () => null, hasUrl: () => false },
      ['term', 'text'],
    ],
    [
      'only the link backed',
      { parentSource: () => null, hasUrl: () => true },
      ['term', 'url', 'text'],
    ],
  ] as const)('keeps the objects a live post backs: %s', (_label, backing, channels) => {
    expect(backedSharedObjects(objects, backing).map((o) => o.channel)).toEqual(channels);
  });

  it('keeps hash keys, which hold nothing from a post', () => {
    const hashed = [{ channel: 'parent' as const, key: 'post:9a', accounts: 2, actions: 2 }];
    expect(
      backedSharedObjects(hashed, { parentSource: () => null, hasUrl: () => false }),
    ).toHaveLength(1);
  });
});

/** Twenty accounts posting the same link and text within seconds, minute after minute, amid steady posts. */
function campaign(): Observation[] {
  const out: Observation[] = [];
  let n = 0;
  const post = (ms: number, author: string, tag: string, text: string, url?: string): void => {
    n++;
    out.push({
      type: 'post',
      source: 'test',
      id: `p${n}`,
      ts: new Date(T0 + ms).toISOString(),
      kind: 'post',
      author: { id: author, handle: `${author}@x.social` },
      text,
      hashtags: [tag],
      ...(url === undefined ? {} : { urls: [url] }),
    });
  };
  for (let m = 0; m < 20; m++) {
    for (let i = 0; i < 3; i++)
      post(m * 60_000 + i * 20_000, `steady${(m + i) % 9}`, 'weather', `sunny ${m} ${i}`);
    if (m >= 5 && m < 15)
      for (let i = 0; i < 20; i++)
        post(
          m * 60_000 + i * 500,
          `bot${i}`,
          'victimname',
          'full video here #victimname',
          'https://example.org/v',
        );
  }
  return out;
}

async function* stream(obs: readonly Observation[]): AsyncGenerator<Observation> {
  for (const o of obs) yield await Promise.resolve(o);
}

describe(replayCoordinationRows.name, () => {
  const all = {
    fromMs: Number.NEGATIVE_INFINITY,
    toMs: Number.POSITIVE_INFINITY,
    terms: new Set<string>(),
  };

  it('finds the campaign cluster and scores its members with documented features', async () => {
    const out = await replayCoordinationRows(stream(campaign()), new Set(), all);
    const c = out.clusters.find((r) => (r['terms'] as string[]).includes('#victimname'));
    expect(c).toBeDefined();
    expect((c?.['accounts'] as string[]).every((a) => a.startsWith('bot'))).toBe(true);
    expect(out.accounts.length).toBeGreaterThanOrEqual(4);
    const documented = new Set(BOT_FEATURES.map((f) => f.feature));
    for (const a of out.accounts)
      for (const f of a['attributions'] as { feature: string }[])
        expect(documented).toContain(f.feature);
  });

  it('derives nothing from posts the file deletes', async () => {
    const obs = campaign();
    const deleted = new Set(
      obs
        .filter((o) => o.type === 'post' && o.author.id.startsWith('bot'))
        .map((o) => `test\u0000${(o as PostObservation).id}`),
    );
    const out = await replayCoordinationRows(stream(obs), deleted, all);
    expect(JSON.stringify(out)).not.toMatch(/bot\d/);
  });
});
