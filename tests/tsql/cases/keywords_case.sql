select A from T where B = 1 Order By a dEsC
SeLeCt CoUnT(*) fRoM t
