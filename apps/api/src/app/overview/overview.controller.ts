import { Body, Controller, Headers, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { answerEncoding } from '@overblik/overview-answer';
import { hasContentType, problem, requestProblem } from '@overblik/platform';
import { type ClientPrincipal, type ClientRequest, OrchestrationAuthGuard } from '../auth/orchestration-auth.guard';
import { CITIZEN_ASSERTION_HEADER } from './citizen-assertion.verifier';
import { OVERVIEW_OPENAPI } from './overview.openapi';
import { OverviewService } from './overview.service';

function clientOf(req: ClientRequest): ClientPrincipal {
  if (!req.client) throw problem(401, 'token-missing', 'A bearer token is required');
  return req.client;
}

function requireJson(req: ClientRequest): void {
  if (!hasContentType(req.headers, 'application/json'))
    throw requestProblem('HTTP-MEDIA-TYPE', { message: 'Send application/json' });
}

@ApiTags('overview')
@ApiBearerAuth()
@UseGuards(OrchestrationAuthGuard)
@Controller('v1')
export class OverviewController {
  constructor(private readonly overviews: OverviewService) {}

  @Post('overview')
  @HttpCode(200)
  @ApiOperation({
    summary: "One citizen's cases and benefits per municipality, with coverage; the CPR number goes in the body",
  })
  @ApiHeader({
    name: 'X-Citizen-Assertion',
    required: false,
    description: 'Signed assertion of the logged-in citizen (claims cpr, azp)',
  })
  @ApiHeader({
    name: 'If-None-Match',
    required: false,
    description: 'ETag of an earlier answer: 304 when nothing changed',
  })
  @ApiHeader({
    name: 'Accept-Encoding',
    required: false,
    description: 'gzip: the answer comes gzip-compressed (Content-Encoding: gzip), about a seventh of its size',
  })
  @ApiBody({ schema: OVERVIEW_OPENAPI.request })
  @ApiResponse({
    status: 200,
    description: 'The overview',
    schema: OVERVIEW_OPENAPI.response,
    headers: {
      ETag: { schema: { type: 'string' }, description: 'Differs between the gzip answer and the same answer as it is' },
      'Content-Encoding': {
        schema: { type: 'string', enum: ['gzip'] },
        description: 'gzip when the request took it (Accept-Encoding)',
      },
      Vary: { schema: { type: 'string', enum: ['Accept-Encoding'] } },
    },
  })
  @ApiResponse({ status: 304, description: 'Not modified since the ETag given' })
  @ApiResponse({ status: 401, description: 'No, an invalid or an expired token or citizen assertion (problem+json)' })
  @ApiResponse({
    status: 403,
    description: 'Wrong scope, or a citizen assertion for another client or citizen (problem+json)',
  })
  @ApiResponse({ status: 422, description: 'Invalid body or CPR number: the rule and the field (problem+json)' })
  @ApiResponse({ status: 429, description: 'Rate limited: Retry-After (problem+json)' })
  @ApiResponse({
    status: 503,
    description: 'The database cannot be reached (rule SERVICE-DATABASE-UNAVAILABLE): Retry-After (problem+json)',
  })
  async overview(
    @Req() req: ClientRequest,
    @Res() res: FastifyReply,
    @Body() body: unknown,
    @Headers(CITIZEN_ASSERTION_HEADER) assertion?: string,
    @Headers('if-none-match') ifNoneMatch?: string,
    @Headers('accept-encoding') acceptEncoding?: string,
  ): Promise<void> {
    requireJson(req);
    const encoding = answerEncoding(acceptEncoding);
    const answer = await this.overviews.overview({
      clientId: clientOf(req).clientId,
      body,
      assertion,
      ifNoneMatch,
      encoding,
    });
    res.header('ETag', answer.etag).header('Cache-Control', 'private, no-cache').header('Vary', 'Accept-Encoding');
    if (answer.status === 304) await res.status(304).send();
    else {
      if (encoding === 'gzip') res.header('Content-Encoding', 'gzip');
      await res.status(200).type('application/json; charset=utf-8').send(answer.body);
    }
  }

  @Post('access-log')
  @HttpCode(200)
  @ApiOperation({ summary: "Who looked at the citizen's data, when and why (needs the citizen's own assertion)" })
  @ApiHeader({ name: 'X-Citizen-Assertion', required: true })
  @ApiBody({ schema: OVERVIEW_OPENAPI.accessLogRequest })
  @ApiResponse({ status: 200, description: 'The reads, newest first', schema: OVERVIEW_OPENAPI.accessLogResponse })
  async accessLog(
    @Req() req: ClientRequest,
    @Body() body: unknown,
    @Headers(CITIZEN_ASSERTION_HEADER) assertion?: string,
  ) {
    requireJson(req);
    return this.overviews.accessLogOf(clientOf(req).clientId, body, assertion);
  }
}
