import { OutputTail } from './output-tail';

describe('OutputTail', () => {
  it.each([
    ['keeps whole lines in order', 5, ['a\nb\n', 'c\n'], 'a\nb\nc'],
    ['joins a line split across chunks', 5, ['star', 'ting\nread', 'y\n'], 'starting\nready'],
    [
      'keeps an unterminated last line',
      5,
      ['FATAL: could not bind\nexiting'],
      'FATAL: could not bind\nexiting',
    ],
    ['drops carriage returns of CRLF lines', 5, ['one\r\ntwo\r\n'], 'one\ntwo'],
    ['keeps only the last lines', 2, ['1\n2\n3\n', '4\n'], '3\n4'],
    ['counts the unterminated line towards the limit', 2, ['1\n2\n3'], '2\n3'],
    ['is empty before any output', 5, [], ''],
  ])('%s', (_title, maxLines, chunks, expected) => {
    const tail = new OutputTail(maxLines);
    for (const chunk of chunks) tail.push(Buffer.from(chunk));
    expect(tail.text()).toBe(expected);
  });

  it('keeps 200 lines by default', () => {
    const tail = new OutputTail();
    tail.push(Array.from({ length: 250 }, (_, i) => `line ${i + 1}\n`).join(''));
    const lines = tail.text().split('\n');
    expect([lines.length, lines[0], lines[199]]).toEqual([200, 'line 51', 'line 250']);
  });
});
