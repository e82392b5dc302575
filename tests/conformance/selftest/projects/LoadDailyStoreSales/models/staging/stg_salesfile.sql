{{ config(materialized='table', schema='staging', pre_hook="{{ load_salesfile() }}") }}
{% if target.type == 'duckdb' %}
select "StoreCode", "SaleDate", "Amount", "Units"
from read_csv('{{ var("salesfile__path") }}', delim = ',', quote = '"', header = true,
              all_varchar = true, encoding = 'latin-1')
{% else %}
select "StoreCode", "SaleDate", "Amount", "Units" from "raw"."salesfile"
{% endif %}
