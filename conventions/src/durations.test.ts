import { DurationError, parseDuration, promDuration } from './durations';

describe('parseDuration', () => {
  it.each([
    ['seconds', '30s', 30],
    ['minutes', '15m', 900],
    ['hours', '1h', 3600],
    ['days', '30d', 2_592_000],
    ['weeks', '1w', 604_800],
    ['surrounding white space', ' 5m ', 300],
  ])('reads %s', (_title, text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each([
    ['a zero', '0s'],
    ['two units', '1h30m'],
    ['milliseconds', '500ms'],
    ['a bare number', '30'],
    ['a fraction', '1.5h'],
  ])('refuses %s, naming where the text came from', (_title, text) => {
    expect(() => parseDuration(text, '--range')).toThrow(
      new DurationError(`--range: "${text}" is not a duration such as 30s, 15m, 1h or 30d`),
    );
  });
});

describe('promDuration', () => {
  it.each([
    [900, '15m'],
    [3600, '1h'],
    [86_400 * 30, '30d'],
    [90, '90s'],
    [0.2, '1s'],
  ])('writes %d seconds as %s', (seconds, text) => {
    expect(promDuration(seconds)).toBe(text);
  });
});
