DECLARE @a int, @b varchar(50) = 'x', @c decimal(10,2) = 1.5, @d AS datetime = GETDATE()
DECLARE @t TABLE (id int NOT NULL PRIMARY KEY, name nvarchar(100) NULL)
SET @a = 1
SET @a += 2
SET @b = (SELECT TOP 1 name FROM t)
SELECT @a = COUNT(*), @b = MAX(name) FROM t
