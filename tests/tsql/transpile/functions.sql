-- Functions and operators: each statement is one query, printed per dialect.
SELECT ISNULL(c.Name, 'none') AS Name, LEN(c.Name) AS NameLen, LTRIM(RTRIM(c.Code)) AS Code,
       SUBSTRING(c.Name, 2, 3) AS Mid, CHARINDEX('a', c.Name) AS Pos, REPLACE(c.Name, 'a', 'o') AS Swapped,
       LEFT(c.Name, 2) AS L2, RIGHT(c.Name, 2) AS R2, UPPER(c.Name) AS U, LOWER(c.Name) AS Lo
FROM dbo.Customer AS c;

SELECT 'Mr ' + c.Name AS Greeting, CAST(c.Id AS varchar(10)) + '-' + c.Code AS Tag, c.Id + 1 AS NextId,
       CAST(c.Id AS int) / 2 AS Half, c.Id / 2.0 AS Ratio, c.Id % 2 AS Odd, CONCAT(c.Name, NULL, c.Id) AS Joined
FROM dbo.Customer c;

SELECT GETDATE() AS Now, SYSDATETIME() AS Now2, CURRENT_TIMESTAMP AS Now3,
       DATEADD(day, 7, o.OrderDate) AS NextWeek, DATEADD(mm, -1, o.OrderDate) AS LastMonth,
       DATEDIFF(day, o.OrderDate, o.ShipDate) AS DaysToShip, DATEPART(yyyy, o.OrderDate) AS Y,
       YEAR(o.OrderDate) AS Y2, MONTH(o.OrderDate) AS M, DAY(o.OrderDate) AS D, EOMONTH(o.OrderDate) AS MonthEnd
FROM dbo.Orders o;

SELECT CONVERT(varchar(10), o.OrderDate, 101) AS Us, CONVERT(varchar(10), o.OrderDate, 103) AS Uk,
       CONVERT(char(8), o.OrderDate, 112) AS Iso, CONVERT(varchar(19), o.OrderDate, 120) AS Odbc,
       CONVERT(varchar(23), o.OrderDate, 121) AS OdbcMs, CONVERT(varchar(10), o.OrderDate, 23) AS IsoDash,
       CONVERT(date, '20240131', 112) AS Parsed, CONVERT(int, o.Qty) AS Q, CAST(o.Amount AS decimal(10, 2)) AS A
FROM dbo.Orders o;

SELECT CASE WHEN o.Qty > 10 THEN 'big' WHEN o.Qty > 0 THEN 'small' ELSE 'none' END AS Size,
       CASE o.Status WHEN 1 THEN 'open' ELSE 'closed' END AS St, IIF(o.Qty IS NULL, 0, o.Qty) AS Q
FROM dbo.Orders o
WHERE o.Status IN (1, 2) AND o.Code LIKE 'A%' AND o.Qty BETWEEN 1 AND 100 AND NOT o.Amount < 0;

SELECT CONVERT(varchar(10), o.OrderDate, 102) AS Ansi, CONVERT(varchar(10), o.OrderDate, 104) AS German,
       CONVERT(varchar(10), o.OrderDate, 105) AS Italian, CONVERT(varchar(8), o.OrderDate, 108) AS Clock,
       CONVERT(varchar(10), o.OrderDate, 110) AS UsDash, CONVERT(varchar(10), o.OrderDate, 111) AS Japan
FROM dbo.Orders o;

SELECT CONVERT(date, '01-31-2024', 110) AS FromUs, CONVERT(datetime, '2024/01/31', 111) AS FromJapan,
       CONVERT(date, '31.01.2024', 104) AS FromGerman;
