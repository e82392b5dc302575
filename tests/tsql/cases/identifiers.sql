SELECT [weird name], [a]]b], "quoted col", #t.x, ##g.y FROM server1.db1.dbo.tbl, db2..tbl2, [my schema].[my table]
