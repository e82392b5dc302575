SELECT CAST(a AS varchar(10)), CAST(b AS decimal(18, 2)), CAST(c AS nvarchar(max)),
  CONVERT(varchar(8), d, 112), CONVERT(int, e), TRY_CAST(f AS int), TRY_CONVERT(date, g, 103)
FROM t
