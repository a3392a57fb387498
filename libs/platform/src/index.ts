export * from './config/config';
export * from './http/problem-details';
export * from './http/bootstrap';
export * from './logging/logging.module';
export * from './redis/redis.tokens';
export * from './platform.module';
export * from './auth/jwt-verifier';
export * from './auth/dev-keys';
