-- Constructs with no translation: each is a -Wsql-untranslated warning at its place.
SELECT TOP 10 PERCENT Id FROM dbo.Customer;

SELECT dbo.fnFormat(Id) FROM dbo.Customer;

SELECT @@ROWCOUNT;

SELECT Name FROM dbo.Customer WHERE Name LIKE '[A-C]%';

SELECT STUFF(Name, 1, 1, '') FROM dbo.Customer FOR XML PATH('');

SELECT TRY_CAST(Code AS int) FROM dbo.Customer;

SELECT CONVERT(varchar(20), Amount, 1) FROM dbo.Orders;

SELECT t.Id FROM #staged AS t JOIN @ids AS i ON i.Id = t.Id;
