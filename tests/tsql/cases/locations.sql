-- args: --locs
SELECT a + 1
  FROM t
 WHERE b = 'x'
