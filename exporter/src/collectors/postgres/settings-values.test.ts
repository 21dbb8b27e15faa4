import { settingValue } from './settings-values';

describe('settingValue', () => {
  it.each([
    [
      'an integer without unit',
      { name: 'max_connections', setting: '100', unit: null, vartype: 'integer' },
      100,
    ],
    [
      '8kB pages as bytes',
      { name: 'shared_buffers', setting: '16384', unit: '8kB', vartype: 'integer' },
      134217728,
    ],
    ['kB as bytes', { name: 'work_mem', setting: '4096', unit: 'kB', vartype: 'integer' }, 4194304],
    ['a real', { name: 'random_page_cost', setting: '1.1', unit: null, vartype: 'real' }, 1.1],
    ['a boolean that is on', { name: 'track_io_timing', setting: 'on', unit: null, vartype: 'bool' }, 1],
    ['a boolean that is off', { name: 'track_io_timing', setting: 'off', unit: null, vartype: 'bool' }, 0],
    ['a string as nothing', { name: 'x', setting: 'abc', unit: null, vartype: 'string' }, undefined],
  ])('reads %s', (_title, row, expected) => {
    expect(settingValue(row)).toBe(expected);
  });
});
