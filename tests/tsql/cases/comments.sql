/* header /* nested */ still comment */
SELECT a -- trailing
  , b /* inline */ FROM t
-- the end
