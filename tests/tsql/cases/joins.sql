SELECT *
FROM a
INNER JOIN b ON a.id = b.id
LEFT OUTER JOIN c ON c.id = b.id AND c.x IS NULL
RIGHT JOIN d ON d.id = a.id
FULL OUTER JOIN e ON e.id = a.id
CROSS JOIN f
JOIN (g JOIN h ON g.k = h.k) ON g.id = a.id
