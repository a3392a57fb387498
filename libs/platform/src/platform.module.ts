import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { dataSourceOptions } from '@overblik/persistence';
import { APP_CONFIG, type BaseConfig } from './config/config';
import { HealthController } from './health/health.controller';
import { MetricsController } from './metrics/metrics.controller';
import { loggingModule } from './logging/logging.module';
import { REDIS_CLIENT } from './redis/redis.tokens';

export interface PlatformOptions {
  app: string;
  config: BaseConfig;
}

class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
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
        loggingModule(options.app, config.LOG_LEVEL),
        TypeOrmModule.forRoot({
          ...dataSourceOptions({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE, applicationName: `overblik-${options.app}` }),
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
      ],
      exports: [APP_CONFIG, REDIS_CLIENT],
    };
  }
}
