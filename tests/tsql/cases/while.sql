WHILE @i < 10
BEGIN
  SET @i = @i + 1
  IF @i = 5 CONTINUE
  IF @i = 8 BREAK
END
