import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { CurrentUser } from '@spreadwatch/contracts';
import type { Request } from 'express';

import { AuthService } from './auth.service';
import { authenticate } from './credentials';
import { IS_PUBLIC } from './public.decorator';

export interface AuthedRequest extends Request {
  user?: CurrentUser;
}

/** Global guard: every route needs a session or an API key unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic === true) return true;
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const user = await authenticate(this.auth, request.headers);
    if (user === null) throw new UnauthorizedException('Sign in or send an API key');
    request.user = user;
    return true;
  }
}
