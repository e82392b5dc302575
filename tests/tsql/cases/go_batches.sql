SELECT 1
GO
SELECT 2
  go 3
SELECT go FROM t -- go here is a column
GO -- comment after GO
