{{ config(materialized='view', schema='staging') }}
select "OrderLineID", "FirstName", "LastName", "City", "Quantity", "UnitPrice"
from {{ source('salesdb', 'orderline') }}
