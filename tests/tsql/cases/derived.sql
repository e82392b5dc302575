SELECT d.n FROM (SELECT COUNT(*) AS n FROM t) AS d JOIN (VALUES (1, 'a'), (2, 'b')) AS v (k, name) ON v.k = d.n
