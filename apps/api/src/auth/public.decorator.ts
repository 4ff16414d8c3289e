import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'spreadwatch:isPublic';

/** Marks a route as reachable without authentication (health and login only). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
