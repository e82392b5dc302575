SELECT * FROM t WHERE a = ? AND b BETWEEN ? AND ?
UPDATE t SET c = ? WHERE d = ?
EXEC dbo.p ?, ? OUTPUT
