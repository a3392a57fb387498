import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiHeader,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  hasContentType,
  pageOfQuery,
  type PagingRange,
  PG_BIGINT_MAX,
  PG_INTEGER_MAX,
  problem,
  requestProblem,
} from '@overblik/platform';
import { type VendorPrincipal, type VendorRequest, VendorAuthGuard } from '../auth/vendor-auth.guard';
import { DeliveryService } from './delivery.service';

function vendorOf(req: VendorRequest): VendorPrincipal {
  if (!req.vendor) throw problem(401, 'token-missing', 'A bearer token is required');
  return req.vendor;
}

/** A paging parameter: decimal digits only. */
const DIGITS = { type: 'string', pattern: '^[0-9]+$' } as const;

/** delivery_item.seq is an integer column; dead-letter ids are bigint. */
const ITEM_PAGING: PagingRange = { afterMax: PG_INTEGER_MAX, limitMax: 5000, limitDefault: 1000 };
const DEAD_LETTER_PAGING: PagingRange = { afterMax: PG_BIGINT_MAX, limitMax: 5000, limitDefault: 100 };

function resumeAfterOf(header: string | undefined, key: string | null): number {
  if (header === undefined) return 0;
  if (!/^[0-9]{1,9}$/.test(header) || key === null) {
    throw problem(400, 'stream-resume-invalid', 'Stream-Resume-After must be a line number, with an Idempotency-Key', {
      violations: [
        { rule: 'STREAM-RESUME-AFTER', pointer: '/headers/stream-resume-after', message: 'expected an integer ≥ 0' },
      ],
    });
  }
  return Number(header);
}

@ApiTags('delivery')
@ApiBearerAuth()
@UseGuards(VendorAuthGuard)
@Controller('v1')
export class DeliveryController {
  constructor(private readonly deliveries: DeliveryService) {}

  @Post('deliveries')
  @HttpCode(202)
  @ApiOperation({ summary: 'Deliver a batch of index records (import, update, remove); all or nothing' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Repeat a request safely: the same key and body give the same delivery',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['items'],
      properties: { items: { type: 'array', items: { type: 'object' } } },
    },
  })
  @ApiResponse({ status: 202, description: 'Stored in the inbox and queued; follow `status`' })
  @ApiResponse({ status: 422, description: 'Schema violations (rule id and JSON pointer per field); nothing stored' })
  @ApiResponse({ status: 403, description: 'The fagsystem may not write these objects; nothing stored' })
  @ApiResponse({
    status: 503,
    description:
      'The database cannot be reached (rule SERVICE-DATABASE-UNAVAILABLE); nothing stored: retry after Retry-After seconds',
  })
  async deliver(
    @Req() req: VendorRequest,
    @Res({ passthrough: true }) res: FastifyReply,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    if (!hasContentType(req.headers, 'application/json'))
      throw requestProblem('HTTP-MEDIA-TYPE', {
        message: 'Send application/json (or application/x-ndjson to /v1/deliveries/stream)',
      });
    const key = this.deliveries.checkIdempotencyKey(idempotencyKey);
    const accepted = await this.deliveries.acceptBatch(vendorOf(req), body, key);
    res.header('Location', accepted.body.status);
    if (accepted.replayed) res.header('Idempotent-Replayed', 'true');
    return accepted.body;
  }

  @Post('deliveries/stream')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Initial load: one delivery item per line (NDJSON), hundreds of thousands of records; resumable',
    description: [
      'Lines are committed in chunks as they arrive; a bad line (not JSON, longer than 1,000,000 bytes, against the',
      'schema, or holding a value the database cannot store) becomes a rejected item with its rule and pointer',
      '`/lines/N`. Only a body read to its end completes the delivery (`state: complete`); a request that ends',
      'before (client gone, api stopped) leaves it `incomplete` with `committedLines`: every source line up to that',
      'number is stored. To finish it, send again with the same Idempotency-Key, either the lines after',
      '`committedLines` with `Stream-Resume-After: <committedLines>` (see `GET /v1/deliveries/by-key/{key}`), or the',
      'whole body again: committed lines are matched line by line by the hash of their canonical JSON (keys in any',
      'order) and skipped, the rest appended. A finished stream sent again with the same body is answered as a',
      'replay (same delivery id); a line that differs from the committed line at its number is a 422 naming it.',
    ].join(' '),
  })
  @ApiConsumes('application/x-ndjson')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Needed to resume: the same key continues the same delivery',
  })
  @ApiHeader({
    name: 'Stream-Resume-After',
    required: false,
    description:
      'The body starts after this source line (an integer, at most the committed lines; 0 or absent: the whole body)',
  })
  @ApiResponse({
    status: 202,
    description: 'The body was read to its end: `{deliveryId, itemCount, status, state, committedLines}`',
  })
  @ApiResponse({ status: 409, description: 'Another request is writing this stream, or the resume point leaves a gap' })
  @ApiResponse({ status: 422, description: 'A line differs from the line committed at its number under this key' })
  @ApiResponse({ status: 503, description: 'Interrupted (database gone); what was committed is kept: retry' })
  async stream(
    @Req() req: VendorRequest,
    @Res({ passthrough: true }) res: FastifyReply,
    @Headers('idempotency-key') idempotencyKey?: string,
    @Headers('stream-resume-after') resumeAfter?: string,
  ) {
    if (!hasContentType(req.headers, 'application/x-ndjson'))
      throw requestProblem('HTTP-MEDIA-TYPE', { message: 'Send application/x-ndjson' });
    const key = this.deliveries.checkIdempotencyKey(idempotencyKey);
    const after = resumeAfterOf(resumeAfter, key);
    const accepted = await this.deliveries.acceptStream(vendorOf(req), req.raw, key, after);
    res.header('Location', accepted.body.status);
    if (accepted.replayed) res.header('Idempotent-Replayed', 'true');
    return accepted.body;
  }

  @Get('deliveries/by-key/:idempotencyKey')
  @ApiOperation({
    summary: 'Status of the delivery sent with this Idempotency-Key (how far an interrupted stream got)',
  })
  @ApiParam({ name: 'idempotencyKey' })
  async statusByKey(@Req() req: VendorRequest, @Param('idempotencyKey') idempotencyKey: string) {
    return this.deliveries.statusByKey(vendorOf(req), idempotencyKey);
  }

  @Get('deliveries/:id')
  @ApiOperation({
    summary: 'Status of a delivery: counts, and each item as pending, applied, rejected (rule, field), held or stale',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiQuery({
    name: 'after',
    required: false,
    schema: DIGITS,
    description: 'return items with seq greater than this (0 to 2147483647)',
  })
  @ApiQuery({ name: 'limit', required: false, schema: DIGITS })
  async status(
    @Req() req: VendorRequest,
    @Param(
      'id',
      new ParseUUIDPipe({ exceptionFactory: () => problem(400, 'id-invalid', 'The delivery id must be a UUID') }),
    )
    id: string,
    @Query('after') after?: unknown,
    @Query('limit') limit?: unknown,
  ) {
    const page = pageOfQuery({ after, limit }, ITEM_PAGING);
    // items after `after`; none given: from the first (seq 0)
    return this.deliveries.status(vendorOf(req), id, page.after === undefined ? -1 : Number(page.after), page.limit);
  }

  @Get('dead-letters')
  @ApiOperation({ summary: "This fagsystem's rejected items that have not been replayed" })
  @ApiQuery({
    name: 'after',
    required: false,
    schema: DIGITS,
    description: 'return dead letters with an id greater than this',
  })
  @ApiQuery({ name: 'limit', required: false, schema: DIGITS })
  async deadLetters(@Req() req: VendorRequest, @Query('after') after?: unknown, @Query('limit') limit?: unknown) {
    const page = pageOfQuery({ after, limit }, DEAD_LETTER_PAGING);
    return this.deliveries.deadLetters(vendorOf(req), String(page.after ?? 0n), page.limit);
  }

  @Post('dead-letters/replay')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Replay dead letters (after the cause is fixed, e.g. a KLE catalogue update) as a new delivery',
  })
  @ApiBody({
    schema: { type: 'object', required: ['ids'], properties: { ids: { type: 'array', items: { type: 'string' } } } },
  })
  async replay(@Req() req: VendorRequest, @Body() body: unknown) {
    const ids = (body as { ids?: unknown } | null)?.ids;
    if (
      !Array.isArray(ids) ||
      !ids.length ||
      ids.length > 1000 ||
      !ids.every((x) => typeof x === 'string' && /^[0-9]{1,18}$/.test(x))
    ) {
      throw problem(422, 'replay-invalid', 'ids must be 1–1000 dead-letter ids', {
        violations: [{ rule: 'REPLAY-IDS', pointer: '/ids', message: 'expected an array of numeric strings' }],
      });
    }
    return this.deliveries.replay(vendorOf(req), ids as string[]);
  }
}
