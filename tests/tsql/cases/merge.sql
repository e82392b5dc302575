MERGE INTO dim.customer WITH (HOLDLOCK) AS tgt
USING (SELECT id, name FROM stg.customer) AS src ON tgt.id = src.id
WHEN MATCHED AND tgt.name <> src.name THEN UPDATE SET tgt.name = src.name, tgt.updated = GETDATE()
WHEN NOT MATCHED BY TARGET THEN INSERT (id, name) VALUES (src.id, src.name)
WHEN NOT MATCHED BY SOURCE AND tgt.active = 1 THEN DELETE
OUTPUT $action, inserted.*, deleted.id;
