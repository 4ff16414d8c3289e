import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import type { Role } from '@spreadwatch/contracts';

import { ROLES_KEY, RolesGuard } from './roles.guard';

/** Restricts a controller or route to the given roles (403 for others). The nearest @Roles wins. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(ROLES_KEY, roles), UseGuards(RolesGuard));
