target_sources(ssis_ir PRIVATE diag_sarif.c)
