import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from '../context.js';
import { DomainError, type ErrorCode } from '../core/errors/errors.js';
import type { Logger } from '../core/logging/logger.js';
import type { RequestDb } from '../db/request-db.js';

/** Where an iJw message is downloaded as the file that was sent or received: `/ijw/messages/<id>`. */
export const IJW_DOWNLOAD = /^\/ijw\/messages\/([0-9a-fA-F-]{36})$/;

const STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  CONFLICT: 409,
  RULE_VIOLATION: 422,
  UNAVAILABLE: 503,
};

/**
 * Hands a provider's administrator one of its messages exactly as sent or received, BSN and all: the
 * file its message gateway needs. Not over GraphQL, which never carries a BSN; an EXPORT in the access
 * log, committed before the file goes out. Same-site only: another site cannot make the browser fetch it.
 */
export async function downloadIjwMessage(
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
  db: RequestDb,
  contextOf: () => Promise<Context>,
  log: Logger,
): Promise<void> {
  const refuse = (status: number, message: string) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    res.end(message);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(405, 'Method not allowed');
  if (req.headers['sec-fetch-site'] === 'cross-site') return refuse(403, 'Download from Samenspel itself.');
  try {
    const context = await contextOf();
    const { message, xml } = await context.services.ijwMessages.content(id, 'EXPORT');
    await db.end(true);
    res.writeHead(200, {
      'content-type': 'application/xml; charset=utf-8',
      'content-disposition': `attachment; filename="${message.fileName}"`,
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : xml);
  } catch (error) {
    await db.end(false).catch(() => undefined);
    if (error instanceof DomainError) return refuse(STATUS[error.code], error.message);
    log.error({ err: error }, 'download failed');
    refuse(500, 'Internal server error');
  }
}
