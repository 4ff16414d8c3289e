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
    const message = messageOf(exception.getResponse(), exception.message);
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

/** Nest puts the message in a string response or in `message` (a string, or a list from validation). */
function messageOf(response: string | object, fallback: string): string {
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.map((m) => String(m)).join('; ');
  return fallback;
}
