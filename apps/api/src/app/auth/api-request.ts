import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** The request as the API's guards and controllers use it (the HTTP adapter's request has more). */
export interface ApiRequest {
  headers: IncomingHttpHeaders;
  /** The raw request stream (a streaming route reads it). */
  raw: IncomingMessage;
}
