tests/eval/policies/meetings.remit --history tests/audit/urgent.jsonl --as-of 2027-03-10
