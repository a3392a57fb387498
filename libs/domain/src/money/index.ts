export { AMOUNT_PATTERN, compareAmounts } from './money';
