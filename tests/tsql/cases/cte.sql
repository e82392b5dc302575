;WITH base (id, v) AS (SELECT id, v FROM src), dedup AS (SELECT id, MAX(v) AS v FROM base GROUP BY id)
SELECT * FROM dedup;
