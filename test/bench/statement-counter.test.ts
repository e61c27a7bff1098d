/**
 * The bench counts SQL statements on the wire (bench/statements/statement-counter.ts): through the
 * proxy, postgres.js's extended protocol and plain simple queries are each counted once per
 * statement, and the connection works as if direct.
 */
import postgres from "postgres";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startStatementCounter, type StatementCounter } from "../../bench/statements/statement-counter.js";
import { createTestDatabase, describeWithPostgres, type TestDatabase } from "../support/database.js";

describeWithPostgres("the bench's statement counter", () => {
  let database: TestDatabase;
  let counter: StatementCounter;
  let sql: postgres.Sql;

  beforeAll(async () => {
    database = await createTestDatabase();
    counter = await startStatementCounter(database.url!);
    sql = postgres(counter.url, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await sql?.end();
    await counter?.close();
    await database?.close();
  });

  it("counts each statement once, whichever protocol carries it", async () => {
    await sql`select 1`; // connection set-up and the first statement
    const before = counter.statements();
    for (let i = 0; i < 5; i++) expect((await sql`select ${i}::int as n`)[0]!.n).toBe(i);
    await sql.unsafe("select 1"); // simple protocol
    await sql.begin(async (tx) => {
      await tx`select count(*) from branches`;
    });
    // 5 + 1, and the transaction's begin, select and commit.
    expect(counter.statements() - before).toBe(9);
  });

  it("carries large messages across chunks without losing count", async () => {
    const before = counter.statements();
    const big = "x".repeat(200_000);
    expect((await sql`select length(${big}) as n`)[0]!.n).toBe(200_000);
    expect(counter.statements() - before).toBe(1);
  });
});
