UPDATE t SET a = 1, b = b + 1, c += 2, @v = d = 5 WHERE id = 3;
UPDATE x SET x.v = s.v FROM dbo.target x INNER JOIN src s ON s.id = x.id WHERE s.v <> x.v;
UPDATE TOP (10) t SET a = DEFAULT OUTPUT deleted.a, inserted.a;
