import { ELISION, elidedParts, elideStatementText } from './statement-text';

describe('elideStatementText', () => {
  const wide = `SELECT ${Array.from({ length: 60 }, (_, i) => `column_${i}`).join(', ')} FROM bookings WHERE guest_id = $1 LIMIT (SELECT $2 FROM pg_sleep($3))`;

  it('leaves a text within the limit as it is', () => {
    expect(elideStatementText('SELECT id FROM rooms WHERE id = $1')).toBe(
      'SELECT id FROM rooms WHERE id = $1',
    );
  });

  it('keeps the start and the end of a long text, whole words, within the limit', () => {
    const cut = elideStatementText(wide);
    expect([...cut].length).toBeLessThanOrEqual(200);
    expect(cut.startsWith('SELECT column_0, column_1,')).toBe(true);
    expect(cut.endsWith('FROM bookings WHERE guest_id = $1 LIMIT (SELECT $2 FROM pg_sleep($3))')).toBe(true);
    const parts = elidedParts(cut)!;
    expect(wide.startsWith(parts.head)).toBe(true);
    expect(wide.endsWith(parts.tail)).toBe(true);
    expect(parts.head).toMatch(/,$|column_\d+$/);
    expect(parts.tail).toMatch(/^\S/);
  });

  it('counts characters, not UTF-16 units, and honours small limits', () => {
    const text = `SELECT "${'é'.repeat(30)}" FROM "${'ü'.repeat(30)}"`;
    expect([...elideStatementText(text, 40)].length).toBeLessThanOrEqual(40);
    expect(elideStatementText(text, 40)).toContain(ELISION);
  });

  it('tells a cut text from a whole one', () => {
    expect(elidedParts('SELECT 1')).toBeUndefined();
    expect(elidedParts(elideStatementText(wide, 100))).toBeDefined();
  });
});
