SELECT a || b FROM dual
SELECT 'ok'
