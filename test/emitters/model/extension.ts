/**
 * What a team writes in its own model file of the "base-and-user" layout: a `@BeforeCreate` hook
 * that fills a uuid, a scope, an instance method, a virtual attribute (Sequelize's VIRTUAL, in
 * `toJSON()`) and a plain getter. The run test proves each works on PostgreSQL; the CLI test proves
 * emit never changes this file.
 */
import type { ModelExportStyle, ModelModuleFormat } from "../../../src/emitters/types.js";
import type { EmittedFile } from "../../../src/emitters/types.js";

/**
 * The team's `Notification.ts`, importing its generated base the way the module format needs.
 *
 * @example
 * extendedNotificationFile("commonjs", "named").contents // "... export class Notification extends NotificationBase { ..."
 */
export function extendedNotificationFile(module: ModelModuleFormat, exports: ModelExportStyle): EmittedFile {
  const base = JSON.stringify(`./generated/NotificationBase${module === "esm" ? ".js" : ""}`);
  return {
    path: "Notification.ts",
    contents: `import { BeforeCreate, Column, DataType, Scopes } from "sequelize-typescript";
import { NotificationBase } from ${base};

export type { NotificationAttributes, NotificationCreationAttributes } from ${base};

/** A version 4 uuid: the team's helper (a uuid package would do the same). */
const randomUUID = (): string =>
  "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, (c) => {
    const r = Math.floor(Math.random() * 16);
    return (c === "x" ? r : (r % 4) + 8).toString(16);
  });

@Scopes(() => ({ unread: { where: { status: "unread" } } }))
${exports === "default" ? "export default class" : "export class"} Notification extends NotificationBase {
  /** Every external id the hook issued: what tells them from the column's database default. */
  static issuedExternalIds: string[] = [];

  @BeforeCreate
  static fillExternalId(notification: Notification): void {
    // Before the hook the attribute holds the unsent SQL default, not a string.
    if (typeof notification.externalId !== "string") {
      notification.externalId = randomUUID();
      Notification.issuedExternalIds.push(notification.externalId);
    }
  }

  @Column(DataType.VIRTUAL)
  get headline(): string {
    return \`\${this.title} (\${this.status})\`;
  }

  get isUnread(): boolean {
    return this.status === "unread";
  }

  async markRead(): Promise<void> {
    this.status = "read";
    this.readAt = new Date();
    await this.save();
  }
}
`,
  };
}
