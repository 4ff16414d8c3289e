import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { CurrentUser as User } from '@spreadwatch/contracts';

import type { AuthedRequest } from './auth.guard';

/** The authenticated caller; only on routes behind the global AuthGuard. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): User => {
  const user = ctx.switchToHttp().getRequest<AuthedRequest>().user;
  if (user === undefined) throw new Error('CurrentUser used on a public route');
  return user;
});
