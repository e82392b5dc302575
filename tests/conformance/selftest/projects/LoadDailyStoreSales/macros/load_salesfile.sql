{# PostgreSQL cannot select from a file: copy it into a raw table first. #}
{% macro load_salesfile() %}
  {% if target.type == 'postgres' %}
    create schema if not exists "raw";
    drop table if exists "raw"."salesfile" cascade;
    create table "raw"."salesfile" ("StoreCode" text, "SaleDate" text, "Amount" text, "Units" text);
    copy "raw"."salesfile" from '{{ var("salesfile__path") }}'
      with (format csv, header true, delimiter ',', quote '"', encoding 'WIN1252');
  {% endif %}
{% endmacro %}
