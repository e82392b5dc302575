PRINT 'done: ' + CAST(@@ROWCOUNT AS varchar(10))
RAISERROR('bad %s', 16, 1, @x) WITH NOWAIT
THROW 50001, N'failed', 1
RETURN
