import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { FastifyInstance } from 'fastify';
import Redis from 'ioredis';
import { dataSourceOptions } from '@overblik/persistence';
import { APP_CONFIG, type BaseConfig } from './config/config';
import { HealthController } from './health/health.controller';
import { MetricsController } from './metrics/metrics.controller';
import { loggingModule, type RequestLogging, requestLine } from './logging/logging.module';
import { REDIS_CLIENT } from './redis/redis.tokens';

export interface PlatformOptions {
  app: string;
  config: BaseConfig;
  /** `hook` (Fastify apps): one request line from a Fastify hook instead of pino-http middleware (see RequestLogging). */
  requestLogging?: RequestLogging;
}

class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/**
 * Under Fastify the routes answer only once Fastify is ready; `listen` readies it, but an app that is only
 * initialised (in-process tests with supertest) must be readied here, after Nest registered every route.
 */
@Injectable()
class FastifyReadiness implements OnApplicationBootstrap {
  constructor(private readonly host: HttpAdapterHost) {}
  async onApplicationBootstrap(): Promise<void> {
    const adapter = this.host.httpAdapter;
    if (adapter?.getType() === 'fastify') await (adapter.getInstance() as { ready(): Promise<unknown> }).ready();
  }
}

/** The request lines of `requestLogging: 'hook'`, written by Fastify once an answer has gone. */
@Injectable()
class FastifyRequestLines implements OnModuleInit {
  constructor(private readonly host: HttpAdapterHost) {}
  onModuleInit(): void {
    const adapter = this.host.httpAdapter;
    if (adapter?.getType() !== 'fastify')
      throw new Error("requestLogging 'hook' needs the Fastify adapter (createFastHttpApp)");
    const fastify = adapter.getInstance() as FastifyInstance;
    fastify.addHook('onResponse', (req, reply, done) => {
      requestLine(req.raw, reply.raw, reply.elapsedTime);
      done();
    });
  }
}

/**
 * What every process needs: validated configuration, JSON logs, the PostgreSQL data source (no
 * synchronize; migrations are run by `npm run migrate`), one Redis connection and /health.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const { config } = options;
    return {
      module: PlatformModule,
      imports: [
        loggingModule(options.app, config.LOG_LEVEL, options.requestLogging, config.LOG_FORMAT),
        TypeOrmModule.forRoot({
          ...dataSourceOptions({
            url: config.DATABASE_URL,
            poolSize: config.DATABASE_POOL_SIZE,
            applicationName: `overblik-${options.app}`,
          }),
          retryAttempts: 3,
          retryDelay: 1000,
        }),
        TerminusModule.forRoot({ gracefulShutdownTimeoutMs: 0, errorLogStyle: 'json' }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        {
          provide: REDIS_CLIENT,
          useFactory: () => new Redis(config.REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: false }),
        },
        RedisCloser,
        FastifyReadiness,
        ...(options.requestLogging === 'hook' ? [FastifyRequestLines] : []),
      ],
      exports: [APP_CONFIG, REDIS_CLIENT],
    };
  }
}
