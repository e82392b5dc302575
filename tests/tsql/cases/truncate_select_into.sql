TRUNCATE TABLE stage.orders
SELECT a, b INTO #work FROM t
SELECT * INTO ##global FROM #work
SELECT * FROM @tv
