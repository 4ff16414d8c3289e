// In the compiled build, map `@spreadwatch/<lib>` to the compiled library sources next to this app.
// Under ts-jest and tsx the aliases come from their own configuration and this is a no-op.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { register } from 'tsconfig-paths';

const distRoot = join(__dirname, '..', '..', '..');
if (__filename.endsWith('.js') && existsSync(join(distRoot, 'libs'))) {
  register({
    baseUrl: distRoot,
    paths: { '@spreadwatch/*': ['libs/*/src/index.js'] },
  });
}
