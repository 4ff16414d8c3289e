import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { AlertSchema } from '@spreadwatch/contracts';
import { DEFAULT_WATCHLIST } from '@spreadwatch/scoring';

import { EXIT_FAILURE, EXIT_OK, runCli } from './cli';
import { captureIo } from './io';
import { loadWatchlists } from './watchlist-file';

function tempFile(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'spreadwatch-watchlist-')), name);
  writeFileSync(path, content);
  return path;
}

const T0 = Date.UTC(2026, 2, 1, 12, 0, 0);

/** A steady hashtag for 30 minutes, then 40 accounts a minute writing a phrase, with no hashtag at all. */
function textOnlySpike(phrase: string): string {
  const lines: string[] = [];
  let n = 0;
  const post = (minute: number, second: number, author: string, extra: object): void => {
    n += 1;
    lines.push(
      JSON.stringify({
        source: 'test',
        id: `p${n}`,
        ts: new Date(T0 + minute * 60_000 + second * 1_000).toISOString(),
        author: { id: author },
        ...extra,
      }),
    );
  };
  for (let m = 0; m < 40; m += 1) {
    for (let i = 0; i < 5; i += 1) post(m, i * 10, `steady${i}`, { hashtags: ['weather'] });
    if (m >= 30 && m < 36) {
      for (let i = 0; i < 40; i += 1) post(m, i, `bot${i}`, { text: `omg ${phrase} here` });
    }
  }
  return lines.join('\n');
}

describe(loadWatchlists.name, () => {
  it.each([
    {
      name: 'default',
      spec: () => 'default',
      expected: [{ id: DEFAULT_WATCHLIST.id, terms: DEFAULT_WATCHLIST.terms.length }],
    },
    {
      name: 'a JSON list with variants and synonyms merged',
      spec: () =>
        tempFile(
          'w.json',
          JSON.stringify({
            name: 'mine',
            settings: { fireScore: 4 },
            terms: [{ term: '#Secret Tape', variants: ['s3cr3t tap3'], synonyms: ['गुप्त टेप'] }],
          }),
        ),
      expected: [{ id: 'mine', terms: 1 }],
    },
    {
      name: 'a YAML array as GET /api/watchlists returns it, disabled lists skipped',
      spec: () =>
        tempFile(
          'w.yaml',
          [
            '- id: 0b0e7a5c-0000-4000-8000-000000000001',
            '  name: on',
            '  createdBy: admin',
            '  createdAt: 2026-01-01T00:00:00Z',
            '  updatedAt: 2026-01-01T00:00:00Z',
            '  terms: [{ term: alpha }]',
            '- name: off',
            '  enabled: false',
            '  terms: [{ term: beta }]',
          ].join('\n'),
        ),
      expected: [{ id: 'on', terms: 1 }],
    },
  ])('loads $name', async ({ spec, expected }) => {
    const lists = await loadWatchlists(spec());
    expect(lists.map((l) => ({ id: l.id, terms: l.terms.length }))).toEqual(expected);
  });

  it('lower-cases names, drops a leading # and keeps every spelling as a synonym', async () => {
    const [list] = await loadWatchlists(
      tempFile(
        'w.json',
        JSON.stringify({
          name: 'x',
          terms: [{ term: '#Secret Tape', variants: ['s3cr3t tap3'], synonyms: ['गुप्त टेप'] }],
        }),
      ),
    );
    expect(list?.terms).toEqual([{ term: 'secret tape', synonyms: ['s3cr3t tap3', 'गुप्त टेप'] }]);
  });

  it.each([
    { name: 'a missing file', content: null, error: /cannot read --watchlist/ },
    { name: 'broken YAML', content: 'name: [', error: /not valid JSON or YAML/ },
    {
      name: 'an empty term',
      content: '{"name":"x","terms":[{"term":" "}]}',
      error: /terms\.0\.term/,
    },
    {
      name: 'an unknown setting',
      content: '{"name":"x","settings":{"minVolume":3}}',
      error: /settings: .*minVolume/,
    },
    {
      name: 'a duplicate term',
      content: '{"name":"x","terms":[{"term":"a"},{"term":"A"}]}',
      error: /terms\.1\.term: duplicates terms\.0\.term/,
    },
    { name: 'an empty array', content: '[]', error: /at least one watchlist/ },
  ])('rejects $name with the field named', async ({ content, error }) => {
    const path = content === null ? '/nonexistent/w.json' : tempFile('w.json', content);
    await expect(loadWatchlists(path)).rejects.toThrow(error);
  });
});

describe('replay --watchlist', () => {
  it('scores a watched phrase found in post text only, and alerts on it', async () => {
    const input = tempFile('posts.ndjson', textOnlySpike('S3cr3t T.a.p.e'));
    const watchlist = tempFile(
      'w.json',
      JSON.stringify({ name: 'x', terms: [{ term: 'secret tape' }] }),
    );
    const alertsOut = join(mkdtempSync(join(tmpdir(), 'spreadwatch-watchlist-')), 'a.ndjson');
    const args = ['replay', '--input', input, '--alerts-out', alertsOut, '--watchlist', watchlist];
    await expect(runCli(args, captureIo())).resolves.toBe(EXIT_OK);
    const alerts = readFileSync(alertsOut, 'utf8')
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => AlertSchema.parse(JSON.parse(line)));
    expect(alerts.some((a) => a.term === 'secret tape' && a.status === 'firing')).toBe(true);

    // Without the watchlist nothing names the phrase.
    await expect(
      runCli(['replay', '--input', input, '--alerts-out', alertsOut], captureIo()),
    ).resolves.toBe(EXIT_OK);
    expect(readFileSync(alertsOut, 'utf8')).not.toContain('secret tape');
  });

  it('fails with the reason for a bad watchlist file', async () => {
    const io = captureIo();
    const input = tempFile('posts.ndjson', textOnlySpike('x'));
    const watchlist = tempFile('w.json', '{"name":"x","terms":[{"term":""}]}');
    const args = [
      'replay',
      '--input',
      input,
      '--alerts-out',
      '/tmp/never',
      '--watchlist',
      watchlist,
    ];
    await expect(runCli(args, io)).resolves.toBe(EXIT_FAILURE);
    expect(io.stderr.join('\n')).toMatch(/terms\.0\.term/);
  });
});
