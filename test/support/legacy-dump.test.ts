import { describe, expect, it } from "vitest";
import { normalisePgDump } from "./legacy-dump.js";

// The shape of pg_dump 15's --schema-only output, with what differs between two equal schemas.
const dump = (columns: string[], key: string) => `--
-- PostgreSQL database dump
--

\\restrict ${key}

SET statement_timeout = 0;
SELECT pg_catalog.set_config('search_path', '', false);

--
-- Name: touch(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.touch() RETURNS trigger
    LANGUAGE plpgsql
    AS $_$
BEGIN
  NEW."updatedAt" := now();
  RETURN NEW;
END;
$_$;

CREATE TABLE public."Tags" (
${columns.join(",\n")}
);

ALTER TABLE ONLY public."Tags"
    ADD CONSTRAINT "Tags_pkey" PRIMARY KEY (id);

\\unrestrict ${key}
`;

describe("normalisePgDump", () => {
  it("drops comments, preambles and \\restrict lines, keeps dollar-quoted bodies whole, sorts statements and columns", () => {
    const text = dump(["    id integer NOT NULL", "    name character varying(50) NOT NULL", "    CONSTRAINT c CHECK ((id > 0))"], "abc");
    expect(normalisePgDump(text)).toBe(
      [
        `ALTER TABLE ONLY public."Tags"\n    ADD CONSTRAINT "Tags_pkey" PRIMARY KEY (id);`,
        `CREATE FUNCTION public.touch() RETURNS trigger\n    LANGUAGE plpgsql\n    AS $_$\nBEGIN\n  NEW."updatedAt" := now();\n  RETURN NEW;\nEND;\n$_$;`,
        `CREATE TABLE public."Tags" (\n    CONSTRAINT c CHECK ((id > 0)),\n    id integer NOT NULL,\n    name character varying(50) NOT NULL\n);`,
        "",
      ].join("\n"),
    );
  });

  it("makes two dumps equal when only column positions and the restrict key differ, and no more", () => {
    const id = "    id integer NOT NULL";
    const name = "    name character varying(50) NOT NULL";
    expect(normalisePgDump(dump([name, id], "k1"))).toBe(normalisePgDump(dump([id, name], "k2")));
    expect(normalisePgDump(dump([id, "    name text NOT NULL"], "k1"))).not.toBe(normalisePgDump(dump([id, name], "k1")));
  });
});
