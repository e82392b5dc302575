dbo.refresh_stats ?, 'all'
GO
log_start
