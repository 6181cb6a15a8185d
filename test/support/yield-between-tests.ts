/**
 * vitest setupFile: the event loop gets a turn before every test. vitest runs a file's synchronous
 * tests back to back on microtasks alone, so their durations add up to one block in which the
 * worker answers no RPC; past 60 s (a loaded machine) the run fails with `[vitest-worker]: Timeout
 * calling "onTaskUpdate"` although every test passed.
 */
import { setImmediate as nextTurn } from "node:timers/promises";
import { beforeEach } from "vitest";

beforeEach(async () => {
  await nextTurn();
});
