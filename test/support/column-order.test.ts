import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { columnOrders, expectColumnOrderRestored, orderAfterDown } from "./column-order.js";
import { openTestDatabase, type TestDatabase } from "./database.js";

const placed = (...names: string[]) => names.map((name, i) => ({ name, attnum: i + 1 }));

describe("column order after down", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  it("a re-added column comes last; a renamed one keeps its place; anything else is a difference", () => {
    const before = placed("id", "a", "b", "c");
    // up drops b (position 3 gone) and renames c to d (position 4 kept)
    const afterUp = [{ name: "id", attnum: 1 }, { name: "a", attnum: 2 }, { name: "d", attnum: 4 }];
    const afterDown = [{ name: "id", attnum: 1 }, { name: "a", attnum: 2 }, { name: "c", attnum: 4 }, { name: "b", attnum: 5 }];
    expect(orderAfterDown(before, afterUp, afterDown)).toEqual(["id", "a", "c", "b"]);
    expect(() => expectColumnOrderRestored({ t: before }, { t: afterUp }, { t: afterDown }, "down")).not.toThrow();
    // A column that kept its place must not move.
    const moved = [{ name: "id", attnum: 1 }, { name: "c", attnum: 4 }, { name: "a", attnum: 6 }, { name: "b", attnum: 5 }];
    expect(() => expectColumnOrderRestored({ t: before }, { t: afterUp }, { t: moved }, "down")).toThrow(/column order of t/);
  });

  it("reads the order PostgreSQL keeps: a column added back after a drop comes last", async () => {
    await db.query(`CREATE TABLE t (id int, a int, b int, c int)`);
    const before = await columnOrders(db);
    await db.query(`ALTER TABLE t DROP COLUMN b`);
    const afterUp = await columnOrders(db);
    await db.query(`ALTER TABLE t ADD COLUMN b int`);
    const afterDown = await columnOrders(db);
    expect(afterDown.t!.map((c) => c.name)).toEqual(["id", "a", "c", "b"]);
    expectColumnOrderRestored(before, afterUp, afterDown, "down");
  });
});
