-- Send slots are counted per host name, no longer per scheme, host and port: a merchant that spread its targets
-- over the ports of one host took a share per port. Rows written before hold "scheme://host[:port]" (IPv6 hosts in
-- brackets); this writes each as the host alone, as DeliveryHost now does, so the claim counts old and new rows of
-- one host together and the dashboard groups them.
UPDATE deliveries SET host = coalesce(
    (regexp_match(host, '^[^:/]+://\[([^\]]*)\]'))[1],
    (regexp_match(host, '^[^:/]+://([^:/]*)'))[1])
WHERE host LIKE '%://%';
