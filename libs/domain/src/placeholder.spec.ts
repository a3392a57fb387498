import { placeholder } from './index';
describe('placeholder', () => { it('is one', () => expect(placeholder).toBe(1)); });
