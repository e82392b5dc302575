-- Tables the transpiled queries run against (DuckDB and PostgreSQL alike).
CREATE SCHEMA "dbo";
CREATE TABLE "dbo"."Customer" ("Id" integer, "Name" varchar(50), "Code" varchar(10), "RegionId" integer);
CREATE TABLE "dbo"."Orders" ("Id" integer, "CustomerId" integer, "OrderDate" timestamp, "ShipDate" timestamp,
  "Qty" integer, "Amount" decimal(10, 2), "Status" integer, "Code" varchar(10));
CREATE TABLE "dbo"."Region" ("Id" integer, "Name" varchar(20));
INSERT INTO "dbo"."Customer" VALUES (1, 'Anna', ' A1 ', 1), (2, 'Bob  ', 'B2', 2), (3, NULL, 'C3', NULL), (4, 'Charlotte', 'A4', 9);
INSERT INTO "dbo"."Orders" VALUES
  (1, 1, '2024-01-31 10:20:30.123', '2024-02-03 08:00:00', 5, 10.50, 1, 'A1'),
  (2, 1, '2024-02-29 00:00:00', '2024-03-01 00:00:00', 20, 99.99, 2, 'A2'),
  (3, 2, '2023-12-31 23:59:59', NULL, NULL, 5.00, 1, 'B1'),
  (4, 4, '2024-06-15 12:00:00', '2024-06-15 13:00:00', 0, -1.00, 3, 'A9');
INSERT INTO "dbo"."Region" VALUES (1, 'North'), (2, 'South');
