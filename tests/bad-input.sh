#!/bin/sh
# tests/bad-input.sh REMIT - hostile inputs, generated here rather than
# committed (some are megabytes).  Each must give a clear diagnostic with
# the expected code and exit 1 or 2 -- never a crash, hang or leak (the
# sanitizer run of make test catches the last).  `timeout` only stops a
# hang from stalling the suite; it asserts nothing about speed.
# Prints PASS/FAIL lines.
set -u
remit=$1
dir=$(mktemp -d "${TMPDIR:-/tmp}/remit-bad.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM

# expect NAME EXIT CODE FILE: exit status and a diagnostic code in the output
expect() {
    name=$1 want_exit=$2 want_code=$3 file=$4
    out=$(timeout 30 "$remit" check "$file" 2>&1)
    rc=$?
    if [ "$rc" -ne "$want_exit" ]; then
        echo "FAIL bad-input $name: exit $rc, wanted $want_exit"
        printf '%s\n' "$out" | head -5
    elif ! printf '%s\n' "$out" | grep -q "$want_code"; then
        echo "FAIL bad-input $name: no $want_code in output"
        printf '%s\n' "$out" | head -5
    else
        echo "PASS bad-input $name"
    fi
}

: > "$dir/empty.remit"
expect empty-file 1 'R0010' "$dir/empty.remit"

printf '# only a comment\n\n' > "$dir/comment.remit"
expect comment-only 1 'R0010' "$dir/comment.remit"

# deterministic "random" bytes: a linear congruential generator in awk
LC_ALL=C awk 'BEGIN { x = 12345; for (i = 0; i < 65536; i++) { x = (x * 1103515245 + 12345) % 2147483648;
     printf "%c", int(x / 65536) % 256 } }' > "$dir/random.bin"
expect random-bytes 1 'R000[56]' "$dir/random.bin"

printf 'policy "x"\nrole ceo\0 "Chief"\n' > "$dir/nul.remit"
expect nul-byte 1 'R0006' "$dir/nul.remit"

printf 'policy "caf\351"\n' > "$dir/latin1.remit"
expect invalid-utf8 1 'R0005' "$dir/latin1.remit"

printf 'policy "x"\nrole \355\240\200\n' > "$dir/surrogate.remit"
expect utf8-surrogate 1 'R0005' "$dir/surrogate.remit"

# a single 5 MB token: a name, and a quoted text
{ printf 'policy "x"\nrole '; head -c 5242880 /dev/zero | tr '\0' 'a'; printf '\n'; } > "$dir/longname.remit"
expect token-5mb-name 1 'R0007' "$dir/longname.remit"
{ printf 'policy "'; head -c 5242880 /dev/zero | tr '\0' 'a'; printf '"\n'; } > "$dir/longstring.remit"
expect token-5mb-string 1 'R0007' "$dir/longstring.remit"
{ printf 'const x = '; head -c 5242880 /dev/zero | tr '\0' '9'; printf '\n'; } > "$dir/longnumber.remit"
expect token-5mb-number 1 'R0105' "$dir/longnumber.remit"

# 100,000 nested parentheses, and as many braces
{ printf 'policy "x"\nconst x = '; head -c 100000 /dev/zero | tr '\0' '('; printf '1'; \
  head -c 100000 /dev/zero | tr '\0' ')'; printf '\n'; } > "$dir/parens.remit"
expect nested-parens 1 'R0008' "$dir/parens.remit"
{ printf 'policy "x"\nmatter m '; head -c 100000 /dev/zero | tr '\0' '{'; printf '\n'; } > "$dir/braces.remit"
expect nested-braces 1 'R0008' "$dir/braces.remit"

# 200 broken lines: the first 100 errors reported, then a note with the rest
{ printf 'policy "x"\n'; i=0; while [ $i -lt 200 ]; do printf 'delegate spend from board to\n'; i=$((i + 1)); done; } > "$dir/broken.remit"
expect broken-200-lines 1 'R0009' "$dir/broken.remit"
n=$("$remit" check "$dir/broken.remit" 2>&1 | grep -c 'error\[R0001\]')
if [ "$n" -eq 100 ]; then echo "PASS bad-input broken-200-lines-count"; else echo "FAIL bad-input broken-200-lines-count: $n errors listed, wanted 100"; fi
n=$("$remit" check --max-errors 1000 "$dir/broken.remit" 2>&1 | grep -c 'error\[R0001\]')
if [ "$n" -eq 200 ]; then echo "PASS bad-input broken-200-lines-all"; else echo "FAIL bad-input broken-200-lines-all: $n errors listed, wanted 200"; fi

# not a policy file at all (a folder is searched for policies: none here)
mkdir "$dir/folder"
expect directory 2 'no \*.remit files found' "$dir/folder"
expect missing-file 2 'R0301' "$dir/no-such-file.remit"
truncate -s 65M "$dir/huge.remit"
expect oversized-file 2 'R0011' "$dir/huge.remit"

# imports: a cycle, and a path out of the policy's folder
mkdir -p "$dir/pol/sub"
printf 'policy "a"\nuse "b.remit"\nrole ceo\n' > "$dir/pol/a.remit"
printf 'policy "b"\nuse "a.remit"\nrole cfo\n' > "$dir/pol/b.remit"
expect import-cycle 1 'R0302' "$dir/pol/a.remit"
printf 'policy "outside"\nrole x\n' > "$dir/outside.remit"
printf 'policy "c"\nuse "../outside.remit"\n' > "$dir/pol/c.remit"
expect import-outside-root 1 'R0303' "$dir/pol/c.remit"
printf 'policy "d"\nuse "../../outside.remit"\n' > "$dir/pol/sub/d.remit"
expect import-outside-root-deep 1 'R0303' "$dir/pol/sub/d.remit"

# an unknown name gets a suggestion
printf 'policy "x"\nrole cfo "Director of Finance"\nbody board {\n    members cfoo\n}\n' > "$dir/typo.remit"
expect did-you-mean 1 "did you mean 'cfo'" "$dir/typo.remit"

# `use` chains deeper than the limit: 40 files, each using the next
mkdir -p "$dir/chain"
i=0
while [ $i -lt 40 ]; do
    printf 'policy "link %d"\nuse "l%d.remit"\n' $i $((i + 1)) > "$dir/chain/l$i.remit"
    i=$((i + 1))
done
printf 'policy "end"\n' > "$dir/chain/l40.remit"
expect import-too-deep 1 'R0305' "$dir/chain/l0.remit"

# 50,000 conditions joined by `and` on one line, and as many signatories:
# the tree would be 50,000 deep, so it is refused at the documented depth
{ printf 'policy "x"\nmatter m {\n    a: bool\n}\nrefuse m when a'; i=0; while [ $i -lt 50000 ]; do printf ' and a'; i=$((i + 1)); done; printf '\n'; } > "$dir/and-chain.remit"
expect long-and-chain 1 'R0008' "$dir/and-chain.remit"
{ printf 'policy "x"\nrole r\nmatter m {\n    a: bool\n}\nrequire r'; i=0; while [ $i -lt 50000 ]; do printf ' and r'; i=$((i + 1)); done; printf ' for m\n'; } > "$dir/sign-chain.remit"
expect long-signer-chain 1 'R0008' "$dir/sign-chain.remit"
