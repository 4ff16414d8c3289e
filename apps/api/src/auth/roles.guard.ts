import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@spreadwatch/contracts';

import type { AuthedRequest } from './auth.guard';

export const ROLES_KEY = 'spreadwatch:roles';

/**
 * Runs after the global AuthGuard: the caller is known (401 otherwise) and must hold one of the roles named
 * by @Roles on the handler or, failing that, its controller (403 otherwise).
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<readonly Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (roles === undefined || roles.length === 0) return true;
    const user = context.switchToHttp().getRequest<AuthedRequest>().user;
    if (user === undefined || !roles.includes(user.role)) {
      throw new ForbiddenException(`Needs role ${roles.join(' or ')}`);
    }
    return true;
  }
}
