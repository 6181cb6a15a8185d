/** Steps of the table-level operations: create, drop, rename (with its compatibility view). */
import type { CheckIR, ForeignKeyIR, IndexIR, TableIR } from "../../ir/types.js";
import { primaryKeyName, transitionNames } from "../../ir/naming.js";
import { alterTable } from "./alter-sql.js";
import { quoteIdent as q, generatedObjectName } from "./sql-text.js";
import { addCheckStep, addForeignKeyStep, addIndexStep, columnDefinition, mainSteps, sqlStep } from "./step-helpers.js";
import type { MigrationStep, OperationSteps } from "./steps.js";

/**
 * Creates the table with its checks and indexes; foreign keys in the `after` phase, so every
 * table of the plan exists first.
 *
 * @example
 * createTableSteps(users).up.main[0].kind // "createTable"
 */
export function createTableSteps(table: TableIR): OperationSteps {
  // createTable writes the primary key in column order under PostgreSQL's name; a key in another
  // order or with a name of its own is added right after, as declared.
  const keyInColumns = table.columns.filter((column) => column.primaryKey).map((column) => column.field);
  const declaredKey =
    table.primaryKey === null || (table.primaryKey.name === primaryKeyName(table.tableName) && table.primaryKey.columns.join() === keyInColumns.join())
      ? null
      : table.primaryKey;
  const columns = table.columns.map((column) => ({ ...columnDefinition(column), ...(declaredKey === null ? {} : { primaryKey: false }) }));
  return {
    up: {
      before: [],
      main: [
        { kind: "createTable", table: table.tableName, columns, comment: table.description },
        ...(declaredKey === null
          ? []
          : [sqlStep(alterTable(table.tableName, `ADD CONSTRAINT ${q(declaredKey.name)} PRIMARY KEY (${declaredKey.columns.map(q).join(", ")})`))]),
        ...table.checks.map((check) => addCheckStep(table.tableName, check)),
        ...table.indexes.map((index) => addIndexStep(table.tableName, index)),
      ],
      after: table.foreignKeys.map((fk) => addForeignKeyStep(table.tableName, fk)),
    },
    down: {
      // Foreign keys go first, so dropping tables that reference each other never blocks.
      before: [...table.foreignKeys]
        .reverse()
        .map((fk): MigrationStep => ({ kind: "removeConstraint", table: table.tableName, name: fk.name })),
      // Checks and indexes go with the table.
      main: [{ kind: "dropTable", table: table.tableName }],
      after: [],
    },
  };
}

/**
 * The exact inverse of createTable: down recreates the structure (the data is gone).
 *
 * @example
 * dropTableSteps(users).up.main // [{ kind: "dropTable", table: "users" }]
 */
export function dropTableSteps(table: TableIR): OperationSteps {
  const create = createTableSteps(table);
  return { up: create.down, down: create.up };
}

/**
 * Renames the table, its serial sequences, its primary key and every index/constraint whose name
 * changed with it; expand-contract also leaves the old name as an updatable view.
 *
 * @example
 * renameTableSteps(tickets, issues, "direct").up.main[0] // { kind: "renameTable", from: "tickets", to: "issues" }
 */
export function renameTableSteps(from: TableIR, table: TableIR, strategy: "expand-contract" | "direct"): OperationSteps {
  const renames = objectRenames(from, table);
  const view = strategy === "expand-contract";
  // Every other step of the plan names the table as renamed, foreign-key drops (`before`) and their
  // re-adds in down (`after`) included: the rename runs first going up and is undone last going down.
  return {
    up: {
      before: [
        { kind: "renameTable", from: from.tableName, to: table.tableName },
        ...renames.map((rename) => rename.step(table.tableName, rename.from, rename.to)),
        ...(view ? [sqlStep(createViewSql(from.tableName, table.tableName))] : []),
      ],
      main: [],
      after: [],
    },
    down: {
      before: [],
      main: [],
      after: [
        ...(view ? [sqlStep(dropViewSql(from.tableName))] : []),
        ...[...renames].reverse().map((rename) => rename.step(table.tableName, rename.to, rename.from)),
        { kind: "renameTable", from: table.tableName, to: from.tableName },
      ],
    },
  };
}

/**
 * The compatibility view of an expand/contract rename goes; down puts it back.
 *
 * @example
 * dropCompatibilityViewSteps(issues, "tickets").up.main[0].sql // 'DROP VIEW IF EXISTS "tickets"'
 */
export function dropCompatibilityViewSteps(table: TableIR, view: string): OperationSteps {
  return mainSteps([sqlStep(dropViewSql(view))], [sqlStep(createViewSql(view, table.tableName))]);
}

// `SELECT *` over one table: PostgreSQL makes such a view automatically updatable.
const createViewSql = (view: string, table: string) => `CREATE VIEW ${q(view)} AS SELECT * FROM ${q(table)}`;
const dropViewSql = (view: string) => `DROP VIEW IF EXISTS ${q(view)}`;

interface ObjectRename {
  from: string;
  to: string;
  step(table: string, from: string, to: string): MigrationStep;
}

const renameIndex = (_table: string, from: string, to: string) => sqlStep(`ALTER INDEX ${q(from)} RENAME TO ${q(to)}`);
const renameSequence = (_table: string, from: string, to: string) => sqlStep(`ALTER SEQUENCE ${q(from)} RENAME TO ${q(to)}`);
const renameTrigger = (table: string, from: string, to: string) => sqlStep(`ALTER TRIGGER ${q(from)} ON ${q(table)} RENAME TO ${q(to)}`);
const renameFunction = (_table: string, from: string, to: string) => sqlStep(`ALTER FUNCTION ${q(from)}() RENAME TO ${q(to)}`);
const renameConstraint = (table: string, from: string, to: string) =>
  sqlStep(alterTable(table, `RENAME CONSTRAINT ${q(from)} TO ${q(to)}`));

function objectRenames(from: TableIR, table: TableIR): ObjectRename[] {
  const renames: ObjectRename[] = [];
  const add = (before: string, after: string, step: ObjectRename["step"]) => {
    if (before !== after) renames.push({ from: before, to: after, step });
  };
  for (const column of table.columns.filter((c) => c.autoIncrement)) {
    add(generatedObjectName(from.tableName, column.field, "seq"), generatedObjectName(table.tableName, column.field, "seq"), renameSequence);
  }
  if (from.primaryKey !== null && from.primaryKey.name === primaryKeyName(from.tableName)) {
    // Renaming the index renames the primary-key constraint with it; a name of the database's own stays.
    add(from.primaryKey.name, primaryKeyName(table.tableName), renameIndex);
  }
  // Objects pair by definition: a rename changes their generated names, never their shape.
  const indexKey = (i: IndexIR) => JSON.stringify([i.columns, i.unique, i.where, i.method, i.expression, i.constraint]);
  const checkKey = (c: CheckIR) => c.expression;
  const fkKey = (f: ForeignKeyIR) => JSON.stringify([f.columns, f.referencedColumns, f.onDelete, f.onUpdate]);
  for (const [before, after] of pairs(from.indexes, table.indexes, indexKey)) add(before, after, renameIndex);
  for (const [before, after] of pairs(from.checks, table.checks, checkKey)) add(before, after, renameConstraint);
  for (const [before, after] of pairs(from.foreignKeys, table.foreignKeys, fkKey)) add(before, after, renameConstraint);
  // The sync trigger (and its function) of an open expand/contract column rename is named after the table too.
  for (const old of from.transition.columns) {
    const to = from.columns.find((column) => column.name === old.replacedBy);
    if (to === undefined) continue;
    const before = transitionNames(from.tableName, old.column.field, to.field);
    const after = transitionNames(table.tableName, old.column.field, to.field);
    add(before.trigger, after.trigger, renameTrigger);
    add(before.function, after.function, renameFunction);
  }
  return renames;
}

function pairs<T extends { name: string }>(before: T[], after: T[], key: (item: T) => string): Array<[string, string]> {
  const remaining = [...after];
  return before.flatMap((item): Array<[string, string]> => {
    const at = remaining.findIndex((candidate) => key(candidate) === key(item));
    if (at === -1) return [];
    const [match] = remaining.splice(at, 1);
    return match === undefined ? [] : [[item.name, match.name]];
  });
}
