// Fault check for issue #6: SIGKILL the built server between an alert's commit and its delivery, restart it
// on the same data, and require the desk mail to arrive exactly once.
//   npm run build:api && node scripts/sigkill-delivery-check.mjs
// Uses DATABASE_URL when set (a real PostgreSQL), otherwise the embedded database in a temporary DATA_DIR.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SMTPServer } from 'smtp-server';

import { call, freePort, login, sleep, spike, startServer } from './alert-script-kit.mjs';

const mails = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, done) {
    let raw = '';
    stream.on('data', (c) => (raw += c));
    stream.on('end', () => {
      mails.push(/^message-id:\s*(.+)$/im.exec(raw)?.[1]?.trim() ?? '');
      done();
    });
  },
});
await new Promise((r) => smtp.listen(0, '127.0.0.1', r));
const smtpUrl = `smtp://127.0.0.1:${smtp.server.address().port}`;
const dataDir = mkdtempSync(join(tmpdir(), 'sw-sigkill-'));
const port = await freePort();
const env = { PORT: String(port), DATA_DIR: dataDir, SMTP_URL: smtpUrl, DELIVERY_POLL_MS: '50' };

let failed = false;
const fail = (msg) => {
  console.error(`FAIL: ${msg}`);
  failed = true;
};
let server;
try {
  server = await startServer(env);
  const cookie = await login(server.url);
  const velocity = [{ name: 'kind', op: '=', value: 'velocity' }];
  await call(server.url, cookie, 'PUT', '/alerting/routing', {
    // group_wait 5 s: the window in which the process dies with the notification still undecided.
    route: {
      receiver: 'dashboard',
      groupBy: ['term'],
      groupWait: '5s',
      groupInterval: '1s',
      routes: [{ receiver: 'desks', matchers: velocity }],
    },
  });
  await call(server.url, cookie, 'POST', '/alerting/subscriptions', {
    email: 'desk@example.test',
    desk: 'Check desk',
  });
  await call(
    server.url,
    cookie,
    'POST',
    '/ingest',
    spike(Date.parse('2026-03-01T12:00:00Z'), 'sigkillspike', 'k'),
  );
  const page = await call(server.url, cookie, 'GET', '/alerts');
  if (!page.items.some((a) => a.term === '#sigkillspike')) fail('the spike did not raise an alert');
  server.child.kill('SIGKILL');
  await new Promise((r) => server.child.once('exit', r));
  console.log(
    `killed pid ${server.child.pid} with the alert committed; mails so far: ${mails.length}`,
  );
  if (mails.length !== 0) fail('a mail went out before the kill (group_wait should have held it)');

  server = await startServer(env);
  const deadline = Date.now() + 30_000;
  while (mails.length === 0 && Date.now() < deadline) await sleep(100);
  // Give a duplicate every chance to show up.
  await sleep(3_000);
  console.log(`after restart: ${mails.length} mail(s): ${mails.join(', ')}`);
  if (mails.length !== 1) fail(`expected exactly 1 mail, got ${mails.length}`);
} catch (err) {
  fail(err.message);
} finally {
  server?.child.kill('SIGTERM');
  if (server)
    await new Promise((r) => (server.child.exitCode !== null ? r() : server.child.once('exit', r)));
  smtp.close();
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(
  failed
    ? 'sigkill-delivery-check: FAILED'
    : 'sigkill-delivery-check: OK (delivered once after SIGKILL and restart)',
);
process.exit(failed ? 1 : 0);
