const copenhagen = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Copenhagen',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The day (YYYY-MM-DD) in Danish time at `at`: the `today` of the display rules. */
export const danishDay = (at: Date = new Date()): string => copenhagen.format(at);
