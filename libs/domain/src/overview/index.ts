export * from './overview.types';
export * from './display-configuration';
export * from './display-rules';
export * from './next-payment';
export * from './overview.builder';
export * from './overview.schema';
// today in Danish time, the day the rules render for
export { danishDay } from '../virkning/danish-day';
export * from './explain-overview';
