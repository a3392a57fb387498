import type { OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import {
  bevillingSchema,
  dokumentSchema,
  effektueringSchema,
  removeDeliveryItemSchema,
  sagSchema,
  upsertDeliveryItemSchema,
} from '@overblik/domain';

/**
 * What the controllers' decorators cannot say, added to the generated document so a vendor can generate a
 * client from it in any language: the index objects' JSON Schemas (from the zod schemas that validate a
 * delivery), the NDJSON stream's line schema, the answers' schemas, every status each operation answers
 * with its problem+json, and each header parameter once, optional where the API takes it without.
 */

type Json = Record<string, unknown>;
const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });

/** JSON Schemas of what a vendor sends, from the zod schemas, the shared parts referenced by name. */
function deliverySchemas(): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  registry.add(sagSchema, { id: 'Sag' });
  registry.add(dokumentSchema, { id: 'Dokument' });
  registry.add(bevillingSchema, { id: 'Bevilling' });
  registry.add(effektueringSchema, { id: 'Effektuering' });
  registry.add(upsertDeliveryItemSchema, { id: 'UpsertDeliveryItem' });
  registry.add(removeDeliveryItemSchema, { id: 'RemoveDeliveryItem' });
  const { schemas } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io: 'input',
    uri: (id) => `#/components/schemas/${id}`,
  });
  const out: Record<string, Json> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    const { $schema: _schema, $id: _id, ...rest } = schema as Json;
    out[name] = rest;
  }
  return out;
}

const uuid = { type: 'string', format: 'uuid' };
const count = { type: 'integer', minimum: 0 };
const nullable = (schema: Json): Json => ({ anyOf: [schema, { type: 'null' }] });
const DELIVERY_STATES = ['open', 'incomplete', 'complete'];
const ITEM_STATES = ['pending', 'applied', 'rejected', 'held', 'stale'];

/** The answers' schemas (what the API sends back). */
const ANSWER_SCHEMAS: Record<string, Json> = {
  DeliveryItem: {
    description:
      'One item of a delivery: `import` or `update` carries a whole registration, `remove` its envelope. One line of `POST /v1/deliveries/stream`.',
    oneOf: [ref('UpsertDeliveryItem'), ref('RemoveDeliveryItem')],
  },
  DeliveryBatch: {
    type: 'object',
    required: ['items'],
    additionalProperties: false,
    properties: { items: { type: 'array', minItems: 1, items: ref('DeliveryItem') } },
  },
  Violation: {
    type: 'object',
    required: ['rule', 'pointer'],
    properties: {
      rule: { type: 'string', description: 'Stable id of the broken rule' },
      pointer: { type: 'string', description: 'JSON pointer of the field at fault (`/items/3/object/titel`)' },
      message: { type: 'string' },
    },
  },
  Problem: {
    description: 'RFC 9457 problem details with the id of the rule the request broke',
    type: 'object',
    required: ['type', 'title', 'status', 'rule'],
    properties: {
      type: { type: 'string', format: 'uri' },
      title: { type: 'string' },
      status: { type: 'integer', minimum: 400, maximum: 599 },
      rule: { type: 'string', description: 'Stable id of the rule (e.g. `HTTP-MEDIA-TYPE`, `AUTH-TOKEN-EXPIRED`)' },
      detail: { type: 'string' },
      instance: { type: 'string' },
      violations: { type: 'array', items: ref('Violation') },
    },
  },
  DeliveryAccepted: {
    type: 'object',
    required: ['deliveryId', 'itemCount', 'status'],
    properties: {
      deliveryId: uuid,
      itemCount: count,
      status: { type: 'string', description: 'Path of the delivery status (also in `Location`)' },
      state: { type: 'string', enum: DELIVERY_STATES },
      committedLines: count,
    },
  },
  DeliveryItemStatus: {
    type: 'object',
    required: ['seq', 'state'],
    properties: {
      seq: count,
      objectId: nullable(uuid),
      kind: nullable({ type: 'string' }),
      operation: nullable({ type: 'string' }),
      state: { type: 'string', enum: ITEM_STATES },
      rule: nullable({ type: 'string' }),
      pointer: nullable({ type: 'string' }),
      message: nullable({ type: 'string' }),
    },
  },
  DeliveryStatus: {
    type: 'object',
    required: ['id', 'state', 'committedLines', 'complete', 'itemCount', 'counts', 'items', 'nextAfter'],
    properties: {
      id: uuid,
      fagsystemId: { type: 'string' },
      transport: { type: 'string', enum: ['batch', 'stream'] },
      receivedAt: { type: 'string', format: 'date-time' },
      state: { type: 'string', enum: DELIVERY_STATES },
      committedLines: count,
      resumeAfterLine: nullable(count),
      complete: { type: 'boolean' },
      itemCount: count,
      counts: {
        type: 'object',
        required: ITEM_STATES,
        properties: Object.fromEntries(ITEM_STATES.map((s) => [s, count])),
      },
      items: { type: 'array', items: ref('DeliveryItemStatus') },
      nextAfter: { ...nullable(count), description: 'Give it as `after` for the next page; null on the last' },
    },
  },
  DeadLetter: {
    type: 'object',
    required: ['id', 'deliveryId', 'seq', 'rule', 'pointer', 'message', 'createdAt'],
    properties: {
      id: { type: 'string', pattern: '^[0-9]+$' },
      deliveryId: uuid,
      seq: count,
      objectId: nullable(uuid),
      rule: { type: 'string' },
      pointer: { type: 'string' },
      message: { type: 'string' },
      createdAt: { type: 'string', format: 'date-time' },
      payload: { description: 'The item as it was delivered' },
    },
  },
  DeadLetters: {
    type: 'object',
    required: ['items'],
    properties: { items: { type: 'array', items: ref('DeadLetter') } },
  },
};

/** Why an operation answers a status; the refusals are problem+json. */
const WHY: Record<string, string> = {
  '400': 'The request is malformed (HTTP-JSON-MALFORMED, HTTP-JSON-TOO-DEEP, CPR-IN-URL, a bad parameter or header)',
  '401': 'No bearer token, or an invalid or expired one (AUTH-TOKEN-…)',
  '403': 'The token lacks the scope, or the caller may not do this (AUTH-TOKEN-SCOPE, ownership)',
  '404': 'No such resource for this caller',
  '409': 'Another request is writing this stream, or the resume point leaves a gap',
  '413': 'The body is over the limit of 10 MB (HTTP-BODY-TOO-LARGE)',
  '414': 'A path parameter is longer than the router takes (HTTP-PATH-PARAMETER-TOO-LONG)',
  '415': 'A Content-Type or Content-Encoding the operation does not take (HTTP-MEDIA-TYPE, HTTP-CONTENT-ENCODING)',
  '422': 'The body breaks the schema or a rule: the rule and JSON pointer of every field at fault; nothing stored',
  '429': 'Too many calls from this client: retry after Retry-After seconds',
  '503': 'The database cannot be reached (SERVICE-DATABASE-UNAVAILABLE): nothing done, retry after Retry-After seconds',
};

const VENDOR = ['400', '401', '403', '503'];
const WITH_BODY = ['413', '415'];

/** Every status each operation answers besides its success (which the controllers document). */
const REFUSALS: Record<string, string[]> = {
  'post /v1/deliveries': [...VENDOR, ...WITH_BODY, '422'],
  'post /v1/deliveries/stream': [...VENDOR, '409', '415', '422'],
  'get /v1/deliveries/by-key/{idempotencyKey}': [...VENDOR, '404', '414'],
  'get /v1/deliveries/{id}': [...VENDOR, '404', '414'],
  'get /v1/dead-letters': VENDOR,
  'post /v1/dead-letters/replay': [...VENDOR, ...WITH_BODY, '404', '422'],
  'post /v1/overview': [...VENDOR, ...WITH_BODY, '422', '429'],
  'post /v1/access-log': [...VENDOR, ...WITH_BODY, '422', '429'],
  // every route refuses a CPR number in its query string (400 CPR-IN-URL)
  'get /health/live': ['400'],
  'get /health': ['400', '503'],
  'get /health/ready': ['400', '503'],
};

/** Operations anyone may call: no token. */
const PUBLIC = new Set(['get /health/live', 'get /health', 'get /health/ready']);

/** OpenAPI 3.0's `nullable` (in schemas of libraries' decorators) as 3.1 says it: `null` among the types. */
function withoutNullable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNullable);
  if (!value || typeof value !== 'object') return value;
  const { nullable, ...rest } = value as Json;
  const out: Json = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, withoutNullable(v)]));
  if (nullable === true && typeof out['type'] === 'string') out['type'] = [out['type'], 'null'];
  return out;
}

/** Success bodies of routes a library declares without one. */
const LIVE = { type: 'object', required: ['status'], properties: { status: { type: 'string', const: 'ok' } } };

/** Success bodies the decorators leave without a schema. */
const SUCCESS: Record<string, [string, Json]> = {
  'post /v1/deliveries': ['202', ref('DeliveryAccepted')],
  'post /v1/deliveries/stream': ['202', ref('DeliveryAccepted')],
  'get /v1/deliveries/by-key/{idempotencyKey}': ['200', ref('DeliveryStatus')],
  'get /v1/deliveries/{id}': ['200', ref('DeliveryStatus')],
  'get /v1/dead-letters': ['200', ref('DeadLetters')],
  'post /v1/dead-letters/replay': ['202', ref('DeliveryAccepted')],
  'get /health/live': ['200', LIVE],
};

const SUCCESS_DESCRIPTION: Record<string, string> = {
  'get /v1/deliveries/by-key/{idempotencyKey}': 'The delivery: `state`, `committedLines` and `resumeAfterLine`',
  'get /v1/deliveries/{id}': 'The delivery: counts, and a page of its items',
  'get /v1/dead-letters': 'The rejected items waiting for replay, oldest first',
  'post /v1/dead-letters/replay': 'Replayed as a new delivery; follow `status`',
  'get /health/live': 'The process answers',
};

const NDJSON_BODY = {
  required: true,
  description:
    'One delivery item (the schema `DeliveryItem`) per line, as JSON without line breaks, lines separated by `\\n`; a line is at most 1,000,000 bytes.',
  content: {
    // OpenAPI 3.1 has no schema for a sequence of JSON texts: the schema is that of each line
    'application/x-ndjson': { schema: { ...ref('DeliveryItem'), description: 'The schema of each line' } },
  },
};

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Json;
}

/**
 * One parameter per header (Nest's `@Headers()` adds a second, lower-cased, required copy of each header
 * `@ApiHeader` documents): the documented one is kept, and is required only when it says so.
 */
function headersOnce(parameters: Parameter[]): Parameter[] {
  const documented = new Map<string, Parameter>();
  for (const p of parameters) {
    if (p.in !== 'header') continue;
    const key = p.name.toLowerCase();
    const seen = documented.get(key);
    // the one @ApiHeader wrote carries its capitalised name and, usually, a description
    if (!seen || (p.name !== key && seen.name === key)) documented.set(key, p);
  }
  const out: Parameter[] = [];
  const placed = new Set<string>();
  for (const p of parameters) {
    if (p.in !== 'header') {
      out.push(p);
      continue;
    }
    const key = p.name.toLowerCase();
    if (placed.has(key)) continue;
    placed.add(key);
    const kept = documented.get(key) as Parameter;
    out.push({
      ...kept,
      required: kept.name !== key && kept.required === true,
      schema: kept.schema ?? { type: 'string' },
    });
  }
  return out;
}

interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: unknown;
  responses: Record<string, Json>;
  [key: string]: unknown;
}

const problemContent = { 'application/problem+json': { schema: ref('Problem') } };

/** The API's document completed for vendors and the orchestration layer (see the module comment). */
export function completeApiDocument(doc: OpenAPIObject): OpenAPIObject {
  const paths: Record<string, Record<string, Operation>> = {};
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Operation>>)) {
    paths[path] = {};
    for (const [method, operation] of Object.entries(item)) {
      const key = `${method} ${path}`;
      const op = withoutNullable({ ...operation, responses: { ...operation.responses } }) as Operation;
      if (PUBLIC.has(key)) op['security'] = [];
      if (op.parameters) op.parameters = headersOnce(op.parameters);
      if (key === 'post /v1/deliveries')
        op.requestBody = { required: true, content: { 'application/json': { schema: ref('DeliveryBatch') } } };
      if (key === 'post /v1/deliveries/stream') op.requestBody = NDJSON_BODY;
      const success = SUCCESS[key];
      if (success) {
        const [status, schema] = success;
        const given = op.responses[status] ?? {};
        op.responses[status] = {
          ...given,
          description: (given['description'] as string) || SUCCESS_DESCRIPTION[key] || 'Done',
          content: { 'application/json': { schema } },
        };
      }
      for (const [status, response] of Object.entries(op.responses))
        if (!response['description'] && SUCCESS_DESCRIPTION[key])
          op.responses[status] = { ...response, description: SUCCESS_DESCRIPTION[key] };
      for (const status of REFUSALS[key] ?? []) {
        const given = op.responses[status];
        op.responses[status] = {
          ...given,
          description:
            (given?.['description'] as string | undefined)?.replace(/ \(problem\+json\)$/, '') || WHY[status],
          content: problemContent,
        };
      }
      op.responses = Object.fromEntries(Object.entries(op.responses).sort(([a], [b]) => a.localeCompare(b)));
      paths[path]![method] = op;
    }
  }
  return {
    ...doc,
    info: { ...doc.info, license: { name: 'MIT', identifier: 'MIT' } },
    servers: [{ url: '/', description: 'The server that serves this document' }],
    paths: paths as OpenAPIObject['paths'],
    components: {
      ...doc.components,
      schemas: { ...doc.components?.schemas, ...deliverySchemas(), ...ANSWER_SCHEMAS },
    },
  } as OpenAPIObject;
}
