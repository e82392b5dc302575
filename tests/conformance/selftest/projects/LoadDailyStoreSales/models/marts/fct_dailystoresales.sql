{{ config(materialized='table', schema='salesdb__dbo', alias='DailyStoreSales') }}
with converted as (
  select
    "StoreCode",
    cast("SaleDate" as date) as "SaleDate",
    cast("Amount" as decimal(10, 2)) as "Amount",
    cast("Units" as integer) as "Units"
  from {{ ref('stg_salesfile') }}
)
select
  cast("StoreCode" as varchar(10)) as "StoreCode",
  "SaleDate",
  cast(sum("Amount") as decimal(12, 2)) as "TotalAmount",
  cast(sum("Units") as bigint) as "TotalUnits",
  cast(count("Amount") as bigint) as "LineCount"
from converted
group by "StoreCode", "SaleDate"
