/**
 * Sequelize 5 runs its hooks and queries on its own copy of Bluebird, whose callbacks are queued
 * and drained later: without Bluebird's async-hooks support an AsyncLocalStorage context can leak
 * from one request into another inside `.then` chains. Sequelize 6 uses native promises.
 */

const enabled = new WeakSet<object>();

/**
 * Turns on async-hooks propagation in the Bluebird copy of a Sequelize 5 instance (its
 * `Sequelize.Promise`); a no-op on Sequelize 6, which has no `Promise` of its own.
 *
 * @example
 * propagateAsyncContext(sequelize); // before tenant contexts run queries on Sequelize 5
 */
export function propagateAsyncContext(sequelize: unknown): void {
  const constructor = (sequelize as { constructor?: { Promise?: { config?: (options: object) => void } } } | null)?.constructor;
  const bluebird = constructor?.Promise;
  if (bluebird === undefined || typeof bluebird.config !== "function" || enabled.has(bluebird)) return;
  bluebird.config({ asyncHooks: true });
  enabled.add(bluebird);
}
