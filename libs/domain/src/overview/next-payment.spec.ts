import { nextExpectedPayment, nextPaymentDate } from './next-payment';

describe('nextPaymentDate', () => {
  it.each([
    ['2024-01-31', 'MAANED', '2024-02-29'],
    ['2024-02-29', 'MAANED', '2024-03-31'],
    ['2024-01-15', 'MAANED', '2024-02-15'],
    ['2024-01-30', 'MAANED', '2024-02-29'],
    ['2024-01-01', 'UGE', '2024-01-08'],
    ['2024-12-25', '14DAGE', '2025-01-08'],
    ['2024-11-30', 'KVARTAL', '2025-02-28'],
    ['2024-02-29', 'AAR', '2025-02-28'],
    ['2024-02-29', 'ENGANG', null],
  ])('%s + %s → %s', (date, frekvens, expected) => {
    expect(nextPaymentDate(date, frekvens)).toBe(expected);
  });
});

describe('nextExpectedPayment', () => {
  const paid = [
    { dispositionsdato: '2024-02-29', periodeSlut: '2024-02-29' },
    { dispositionsdato: '2024-03-29', periodeSlut: '2024-03-31' },
  ];
  it.each([
    ['one month after the latest payment', { today: '2024-04-10', slutdato: null }, '2024-04-29'],
    ['rolled past today when a payment is late', { today: '2024-05-01', slutdato: null }, '2024-05-29'],
    ['none when the last period is paid', { today: '2024-04-10', slutdato: '2024-03-31' }, null],
    ['the last one when the benefit ends next period', { today: '2024-04-10', slutdato: '2024-04-30' }, '2024-04-29'],
    ['none long after the benefit ended', { today: '2024-09-10', slutdato: '2024-04-30' }, null],
  ])('%s', (_what, input, expected) => {
    expect(nextExpectedPayment({ frekvens: 'MAANED', paid, ...input })).toBe(expected);
  });
  it.each([
    ['a correction of the latest period', { dispositionsdato: '2024-04-15', periodeSlut: '2024-03-31' }, '2024-04-29'],
    ['a correction of an earlier period', { dispositionsdato: '2024-04-15', periodeSlut: '2024-02-29' }, '2024-04-29'],
  ])('keeps to the schedule after %s paid later', (_what, correction, expected) => {
    expect(
      nextExpectedPayment({ frekvens: 'MAANED', paid: [...paid, correction], slutdato: null, today: '2024-04-16' }),
    ).toBe(expected);
  });
  it('has none before the first payment and none for a one-off', () => {
    expect(nextExpectedPayment({ frekvens: 'MAANED', paid: [], slutdato: null, today: '2024-04-10' })).toBeNull();
    expect(nextExpectedPayment({ frekvens: 'ENGANG', paid, slutdato: null, today: '2024-04-10' })).toBeNull();
  });
});
