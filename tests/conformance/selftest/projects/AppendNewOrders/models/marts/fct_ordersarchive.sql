{{ config(materialized='incremental', schema='salesdb__dbo', alias='OrdersArchive',
          post_hook="{{ export_orders() }}") }}
select
  cast("OrderID" as integer) as "OrderID",
  cast("Customer" as varchar(20)) as "Customer",
  cast("Amount" as decimal(10, 2)) as "Amount",
  "OrderDate",
  "Note",
  cast('{{ var("project__batchlabel") }}' as varchar(10)) as "BatchLabel"
from {{ source('salesdb', 'orders') }}
{% if is_incremental() %}
where "OrderID" > (select coalesce(max("OrderID"), 0) from {{ this }})
{% endif %}
