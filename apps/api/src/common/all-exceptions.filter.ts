import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { ApiErrorBody } from '@spreadwatch/contracts';
import type { Response } from 'express';

/** One error shape for every HTTP failure; unexpected errors are logged, never shown to clients. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const res = host.switchToHttp().getResponse<Response>();
    const body = toErrorBody(exception);
    if (body.statusCode >= 500) {
      this.logger.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      );
    }
    res.status(body.statusCode).json(body);
  }
}

export function toErrorBody(exception: unknown): ApiErrorBody {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : Array.isArray((response as { message?: unknown }).message)
          ? (response as { message: unknown[] }).message.map(String).join('; ')
          : String((response as { message?: unknown }).message ?? exception.message);
    return { statusCode: status, error: HttpStatus[status] ?? 'Error', message };
  }
  // body-parser errors (malformed JSON, too large) carry their own 4xx status.
  const status = (exception as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return {
      statusCode: status,
      error: HttpStatus[status] ?? 'Error',
      message: (exception as Error).message,
    };
  }
  return { statusCode: 500, error: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' };
}
