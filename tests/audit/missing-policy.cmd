tests/audit/no-such-policy.remit --history tests/audit/same-day.jsonl
