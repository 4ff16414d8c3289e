// Prints how many alerts a running server holds (used by .ci/run to check that data survives a restart).
const url = process.env.SPREADWATCH_URL ?? 'http://127.0.0.1:3000';
const password = process.env.SPREADWATCH_ADMIN_PASSWORD;
if (password === undefined) {
  console.error('SPREADWATCH_ADMIN_PASSWORD is required');
  process.exit(2);
}
const login = await fetch(`${url}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'admin', password }),
});
if (login.status !== 200) {
  console.error(`login failed: HTTP ${login.status}`);
  process.exit(1);
}
const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
let total = 0;
let before = '';
for (;;) {
  const res = await fetch(`${url}/api/alerts?limit=500${before}`, { headers: { cookie } });
  const page = await res.json();
  total += page.items.length;
  if (page.nextCursor === null) break;
  before = `&before=${page.nextCursor}`;
}
console.log(total);
