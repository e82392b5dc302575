SELECT 42, -7, 3.14, .5, 1e3, 2.5E-2, 'it''s', N'ünïcode', 0x1F2E, 0x, $12.50, NULL, @@ROWCOUNT, @@error
