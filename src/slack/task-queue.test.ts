import { describe, expect, it } from 'vitest';
import { TaskQueue } from './task-queue.js';

describe('TaskQueue', () => {
  it('runs the tasks of one key in order, survives a failing task, and idles after work queued meanwhile', async () => {
    const failures: unknown[] = [];
    const queue = new TaskQueue((error) => failures.push(error));
    const order: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    queue.enqueue('run-1', async () => {
      await gate;
      order.push('run-1 first');
    });
    queue.enqueue('run-1', async () => {
      order.push('run-1 second');
      throw new Error('Slack is down');
    });
    queue.enqueue('run-1', async () => {
      order.push('run-1 third');
      queue.enqueue('run-1', async () => {
        order.push('run-1 queued by the third');
      });
    });
    queue.enqueue('run-2', async () => {
      order.push('run-2');
    });
    await Promise.resolve();
    release();
    await queue.idle();
    // run-2 did not wait for run-1's gate.
    expect(order).toEqual([
      'run-2',
      'run-1 first',
      'run-1 second',
      'run-1 third',
      'run-1 queued by the third',
    ]);
    expect(failures).toHaveLength(1);
  });
});
