-- Query shapes: TOP, joins, APPLY, set operations, CTEs, windows.
SELECT TOP 5 c.Id, c.Name FROM dbo.Customer c ORDER BY c.Name DESC;

SELECT c.Id, o.Amount FROM dbo.Customer c
INNER JOIN dbo.Orders o ON o.CustomerId = c.Id
LEFT JOIN dbo.Region r ON r.Id = c.RegionId
WHERE r.Id IS NULL;

SELECT c.Id, last.Amount
FROM dbo.Customer c
OUTER APPLY (SELECT TOP 1 o.Amount FROM dbo.Orders o WHERE o.CustomerId = c.Id ORDER BY o.OrderDate DESC) AS last;

SELECT c.Id, x.N FROM dbo.Customer c CROSS APPLY (SELECT COUNT(*) AS N FROM dbo.Orders o WHERE o.CustomerId = c.Id) x;

SELECT Id FROM dbo.Customer UNION ALL SELECT CustomerId FROM dbo.Orders EXCEPT SELECT 0;

WITH recent AS (SELECT o.CustomerId, o.Amount,
       ROW_NUMBER() OVER (PARTITION BY o.CustomerId ORDER BY o.OrderDate DESC) AS rn,
       SUM(o.Amount) OVER (PARTITION BY o.CustomerId ORDER BY o.OrderDate ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running
  FROM dbo.Orders o)
SELECT CustomerId, Amount, running FROM recent WHERE rn = 1;

SELECT o.CustomerId, COUNT(*) AS N, COUNT(DISTINCT o.Status) AS Statuses, MAX(o.Amount) AS Top1
FROM dbo.Orders o GROUP BY o.CustomerId HAVING COUNT(*) > 1
ORDER BY o.CustomerId OFFSET 1 ROWS FETCH NEXT 10 ROWS ONLY;

SELECT c.Id FROM dbo.Customer c WHERE EXISTS (SELECT 1 FROM dbo.Orders o WHERE o.CustomerId = c.Id)
  AND c.Id NOT IN (SELECT RegionId FROM dbo.Region) AND c.Id > (SELECT MIN(Id) FROM dbo.Customer);

WITH n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5) SELECT i FROM n;
