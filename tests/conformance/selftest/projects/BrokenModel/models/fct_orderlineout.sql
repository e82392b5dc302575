{# Harness self-test fixture: this model fails at run time (no such column),
   so that the harness's report of a dbt failure can be checked. #}
{{ config(materialized='table', schema='salesdb__dbo', alias='OrderLineOut') }}
select "OrderLineID", "NoSuchColumn" as "CustomerName"
from {{ source('salesdb', 'orderline') }}
