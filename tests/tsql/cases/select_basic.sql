SELECT a, b AS x, c y, 'lit' AS [s p], t.* FROM dbo.t AS t WHERE a = 1 AND NOT b <> 2 OR c >= 3
