tests/eval/policies/meetings.remit --calendar tests/eval/calendars/meetings.yaml --history tests/audit/urgent.jsonl --as-of 2027-03-10
