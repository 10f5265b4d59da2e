describe('payments export', () => {
  test('csv contains all payments', () => { expect(1 + 1).toBe(2); });
  test('fee rounding half even', () => { expect(Math.round(2.5)).toBe(2); });
  test.skip('legacy format', () => {});
  test.todo('pdf export');
});
describe('smoke', () => {
  test('service reports healthy', () => { expect(true).toBe(true); });
});
