{# The flat file destination: every archived order, newest first. #}
{% macro export_orders() %}
  {% set q %}select "OrderID", "Customer", "BatchLabel" from {{ this }} order by "OrderID" desc{% endset %}
  {% if target.type == 'postgres' %}
    copy ({{ q }}) to '{{ var("exportfile__path") }}' with (format csv, header true, delimiter ';', quote '"')
  {% else %}
    copy ({{ q }}) to '{{ var("exportfile__path") }}' (format csv, header true, delimiter ';', quote '"')
  {% endif %}
{% endmacro %}
