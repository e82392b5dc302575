SELECT STUFF((SELECT ',' + name FROM t FOR XML PATH('')), 1, 1, '') AS names
SELECT (SELECT name FROM t FOR XML PATH(''), TYPE).value('.', 'nvarchar(max)')
