EXEC dbo.load_day @day = '2020-01-01', @rows = @n OUTPUT
EXECUTE sp_who
EXEC @rc = dbo.check_it 1, 'two', @three, DEFAULT
EXEC ('SELECT * FROM ' + @table)
EXEC sp_executesql N'SELECT @x', N'@x int', @x = 1
EXEC @proc_name
