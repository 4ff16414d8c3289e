import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Alert } from '@spreadwatch/contracts';
import { AlertSchema } from '@spreadwatch/contracts';

import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, runCli } from './cli';
import { captureIo } from './io';

const NAB_AAPL = '/work/shared/data/nab-realtweets/Twitter_volume_AAPL.csv';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'spreadwatch-cli-'));
}

function readAlerts(path: string): Alert[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => AlertSchema.parse(JSON.parse(line)));
}

function postLine(i: number, patch: Record<string, unknown> = {}): string {
  return JSON.stringify({
    source: 'test',
    id: `p${i}`,
    ts: new Date(Date.UTC(2024, 2, 1, 12, 0, i)).toISOString(),
    author: { id: `u${i}` },
    hashtags: ['leaked'],
    ...patch,
  });
}

describe(runCli.name, () => {
  describe('simulate + replay', () => {
    it('replays a simulated file into AlertSchema-valid alerts', async () => {
      const dir = tempDir();
      const io = captureIo();
      const sim = ['simulate', '--scenario', 'default', '--seed', '7', '--hours', '2'];
      const files = ['--out', join(dir, 'sim.ndjson'), '--labels', join(dir, 'labels.json')];
      await expect(runCli([...sim, ...files], io)).resolves.toBe(EXIT_OK);
      expect(io.stdout.join('\n')).toMatch(/observations: \d+ \(\d+ posts/);
      expect(Array.isArray(JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')))).toBe(true);

      const alertsOut = join(dir, 'alerts.ndjson');
      const replay = ['replay', '--input', join(dir, 'sim.ndjson'), '--alerts-out', alertsOut];
      await expect(runCli(replay, io)).resolves.toBe(EXIT_OK);

      const alerts = readAlerts(alertsOut);
      expect(alerts.length).toBeGreaterThan(0);
      expect(alerts.map((a) => a.seq)).toEqual(alerts.map((_, i) => i + 1));
      expect(io.stdout.join('\n')).toMatch(new RegExp(`alerts: +${alerts.length} \\(`));
      expect(io.stdout.join('\n')).toMatch(/posts\/s: +\d+/);
      expect(io.stderr).toEqual([]);
    }, 60_000);
  });

  describe('replay with broken lines', () => {
    it('reports each bad line as `line N: <error>` and processes the rest', async () => {
      const dir = tempDir();
      const input = join(dir, 'broken.ndjson');
      const lines = [
        postLine(1),
        postLine(2),
        '{"source": "test", "id": ',
        postLine(4),
        postLine(5, { author: { handle: 'no-id' } }),
        '',
        postLine(7, { ts: 'yesterday' }),
        JSON.stringify({ type: 'delete', source: 'test', id: 'p1' }),
        postLine(9),
      ];
      writeFileSync(input, `${lines.join('\n')}\n`);
      const io = captureIo();

      const code = await runCli(
        ['replay', '--input', input, '--alerts-out', join(dir, 'a.ndjson')],
        io,
      );

      expect(code).toBe(EXIT_OK);
      expect(io.stderr).toEqual([
        expect.stringMatching(/^line 3: invalid JSON/),
        'line 5: author.id: Invalid input: expected string, received undefined',
        expect.stringMatching(/^line 7: ts: /),
      ]);
      const out = io.stdout.join('\n');
      expect(out).toMatch(/lines read: +9/);
      expect(out).toMatch(/posts: +4/);
      expect(out).toMatch(/deletes: +1/);
      expect(out).toMatch(/rejected lines: +3/);
    });
  });

  describe('replay --format csv', () => {
    it('reads a NAB timestamp,value series as count observations', async () => {
      const dir = tempDir();
      const slice = join(dir, 'aapl.csv');
      writeFileSync(
        slice,
        `${readFileSync(NAB_AAPL, 'utf8').split('\n').slice(0, 3001).join('\n')}\n`,
      );
      const alertsOut = join(dir, 'alerts.ndjson');
      const io = captureIo();

      const code = await runCli(
        [
          'replay',
          '--input',
          slice,
          '--format',
          'csv',
          '--term',
          'AAPL',
          '--alerts-out',
          alertsOut,
        ],
        io,
      );

      expect(code).toBe(EXIT_OK);
      expect(io.stderr).toEqual([]);
      const out = io.stdout.join('\n');
      expect(out).toMatch(/lines read: +3001/);
      expect(out).toMatch(/\+ 3000 count observations/);
      const alerts = readAlerts(alertsOut);
      expect(alerts.every((a) => a.term === 'aapl')).toBe(true);
      // Naive timestamps are UTC: every event time falls inside the slice (2015-02-26 21:42 to 2015-03-09).
      for (const alert of alerts) {
        expect(Date.parse(alert.firedAt)).toBeGreaterThanOrEqual(
          Date.parse('2015-02-26T21:42:00Z'),
        );
        expect(Date.parse(alert.firedAt)).toBeLessThan(Date.parse('2015-03-10T00:00:00Z'));
      }
    });

    it('reports bad rows and goes on', async () => {
      const dir = tempDir();
      const input = join(dir, 'series.csv');
      writeFileSync(
        input,
        'timestamp,value\n2015-02-26 21:42:53,10\nnot-a-date,3\n2015-02-26 21:47:53,-1\n2015-02-26 21:52:53,12\n',
      );
      const io = captureIo();
      const code = await runCli(
        ['replay', '--input', input, '--term', 'x', '--alerts-out', join(dir, 'a.ndjson')],
        io,
      );
      expect(code).toBe(EXIT_OK);
      expect(io.stderr).toEqual([
        'line 3: timestamp: not a date ("not-a-date")',
        'line 4: value: must be a non-negative number (got "-1")',
      ]);
      expect(io.stdout.join('\n')).toMatch(/\+ 2 count observations/);
    });
  });

  describe('exit codes', () => {
    it.each([
      { args: [], code: EXIT_USAGE, stderr: /Usage: spreadwatch <command>/ },
      { args: ['frobnicate'], code: EXIT_USAGE, stderr: /unknown command "frobnicate"/ },
      { args: ['replay'], code: EXIT_USAGE, stderr: /--input is required[\s\S]*--alerts-out FILE/ },
      {
        args: ['replay', '--input', 'x', '--alerts-out', 'y', '--bogus'],
        code: EXIT_USAGE,
        stderr: /bogus/,
      },
      {
        args: ['replay', '--input', 'x', '--alerts-out', 'y', '--format', 'csv'],
        code: EXIT_USAGE,
        stderr: /--term is required/,
      },
      {
        args: ['replay', '--input', 'x', '--alerts-out', 'y', '--format', 'xml'],
        code: EXIT_USAGE,
        stderr: /ndjson or csv/,
      },
      {
        args: ['simulate', '--scenario', 'nope'],
        code: EXIT_USAGE,
        stderr: /--scenario must be one of/,
      },
      {
        args: ['simulate', '--scenario', 'default', '--seed', '1.5'],
        code: EXIT_USAGE,
        stderr: /--seed must be an integer/,
      },
      {
        args: ['bench', '--posts', '0'],
        code: EXIT_USAGE,
        stderr: /--posts must be an integer ≥ 1/,
      },
      {
        args: ['replay', '--input', '/nonexistent/x.ndjson', '--alerts-out', '/tmp/y'],
        code: EXIT_FAILURE,
        stderr: /cannot read --input/,
      },
    ])('$args → $code', async ({ args, code, stderr }) => {
      const io = captureIo();
      await expect(runCli(args, io)).resolves.toBe(code);
      expect(io.stderr.join('\n')).toMatch(stderr);
    });

    it('prints a command usage on --help and exits 0', async () => {
      const io = captureIo();
      await expect(runCli(['replay', '--help'], io)).resolves.toBe(EXIT_OK);
      expect(io.stdout.join('\n')).toMatch(/--alerts-out FILE/);
    });
  });
});
