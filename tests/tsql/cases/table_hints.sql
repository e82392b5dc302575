SELECT * FROM t WITH (NOLOCK) JOIN u (NOLOCK) ON u.id = t.id JOIN v x WITH (NOLOCK, INDEX(ix_v)) ON x.id = t.id
SELECT * FROM w old (NOLOCK)
