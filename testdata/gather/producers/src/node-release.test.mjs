import { test, describe } from 'node:test';
import assert from 'node:assert';

test('service reports healthy', () => { assert.ok(true); });

describe('export', () => {
  test('csv contains all payments', () => { assert.equal(1 + 1, 2); });
  test('fee rounding half even', () => { assert.equal(Math.round(2.5), 3.5, 'fee rounded "wrong"\nsecond line'); });
  test('legacy format', { skip: 'flaky on shared runners' }, () => {});
  describe('nested', () => {
    test('deep case', () => {});
  });
});

test('todo case', { todo: true }, () => {});
