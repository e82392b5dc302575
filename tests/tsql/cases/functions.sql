SELECT COUNT(*), COUNT(DISTINCT a), DATEADD(day, -1, GETDATE()), DATEDIFF(mm, d1, d2), IIF(a > 0, 'pos', 'neg'),
  COALESCE(a, b, 0), NULLIF(a, ''), ISNULL(a, b), LEFT(s, 3), RIGHT(s, 2), dbo.udf(a), CURRENT_TIMESTAMP,
  STRING_AGG(s, ',') WITHIN GROUP (ORDER BY s)
FROM t
