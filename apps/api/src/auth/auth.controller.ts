import {
  Body,
  Controller,
  Get,
  HttpCode,
  Post,
  Req,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LoginRequest, type CurrentUser as User } from '@spreadwatch/contracts';
import type { Response } from 'express';
import { parse as parseCookie } from 'cookie';
import { z } from 'zod';

import { ZodValidationPipe } from '../common/zod-validation.pipe';
import type { Env } from '../config/env.validation';
import type { AuthedRequest } from './auth.guard';
import { AuthService, SESSION_COOKIE } from './auth.service';
import { CurrentUser } from './current-user.decorator';
import { Public } from './public.decorator';

const CreateApiKeyRequest = z.object({ name: z.string().min(1, 'is required').max(100) });

@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: ConfigService<Env, true>,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  async login(
    @Body(new ZodValidationPipe(LoginRequest)) body: LoginRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<User> {
    const result = await this.auth.login(body.username, body.password);
    if (result === null) throw new UnauthorizedException('Wrong username or password');
    res.cookie(SESSION_COOKIE, result.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.get('COOKIE_SECURE', { infer: true }),
      path: '/',
      maxAge: this.config.get('SESSION_TTL_HOURS', { infer: true }) * 3_600_000,
    });
    return result.user;
  }

  @Post('logout')
  @HttpCode(204)
  async logout(
    @Req() req: AuthedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    const token = parseCookie(req.headers.cookie ?? '')[SESSION_COOKIE];
    if (token !== undefined) await this.auth.logout(token);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Get('me')
  me(@CurrentUser() user: User): User {
    return user;
  }

  /** Issues an API key for the caller; the key is in this response only. */
  @Post('api-keys')
  async createApiKey(
    @CurrentUser() user: User,
    @Body(new ZodValidationPipe(CreateApiKeyRequest)) body: z.infer<typeof CreateApiKeyRequest>,
  ): Promise<{ id: string; key: string; prefix: string }> {
    return this.auth.createApiKey(user.id, body.name);
  }
}
