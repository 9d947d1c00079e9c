-- Send slots are counted per host name, no longer per scheme, host and port: a merchant that spread its targets
-- over the ports of one host took a share per port. Rows written before hold "scheme://host[:port]" (IPv6 hosts in
-- brackets); this writes each as the host alone, as DeliveryHost now does, so the claim counts old and new rows of
-- one host together and the dashboard groups them.
UPDATE deliveries SET host =
    CASE
        WHEN substr(host, instr(host, '://') + 3, 1) = '['
            THEN substr(host, instr(host, '://') + 4, instr(host, ']') - instr(host, '://') - 4)
        WHEN instr(substr(host, instr(host, '://') + 3), ':') > 0
            THEN substr(host, instr(host, '://') + 3, instr(substr(host, instr(host, '://') + 3), ':') - 1)
        ELSE substr(host, instr(host, '://') + 3)
    END
WHERE host LIKE '%://%';
