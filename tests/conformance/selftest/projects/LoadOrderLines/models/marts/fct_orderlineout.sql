{{ config(materialized='table', schema='salesdb__dbo', alias='OrderLineOut') }}
select
  cast("OrderLineID" as integer) as "OrderLineID",
  cast("FirstName" || ' ' || "LastName" as varchar(61)) as "CustomerName",
  cast(upper("City") as varchar(30)) as "CityUpper",
  cast("Quantity" * "UnitPrice" as decimal(12, 2)) as "LineTotal",
  cast(cast("Quantity" as integer) as varchar(10)) as "QuantityText"
from {{ ref('stg_salesdb__orderline') }}
