import { burnRate, sliWindows, WORKBOOK_BURN_WINDOWS } from './burn-windows';

describe('burn-rate windows', () => {
  it.each([
    {
      title: 'a 30-day period gives the workbook rates 14.4, 6, 3 and 1',
      period: '30d',
      rates: [14.4, 6, 3, 1],
    },
    { title: 'a 28-day period scales them down', period: '28d', rates: [13.44, 5.6, 2.8, 0.9333] },
    { title: 'a 7-day period pages at 3.36x', period: '7d', rates: [3.36, 1.4, 0.7, 0.2333] },
  ])('$title', ({ period, rates }) => {
    expect(WORKBOOK_BURN_WINDOWS.map((window) => burnRate(window, period))).toEqual(rates);
  });

  it('records the SLI over every long and short window once, shortest first', () => {
    expect(sliWindows(WORKBOOK_BURN_WINDOWS)).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d']);
  });
});
