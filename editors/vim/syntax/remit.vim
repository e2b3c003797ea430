" editors/vim/syntax/remit.vim - syntax colouring for Remit policies
" (SPEC.md 2): Remit's words (lexer.l's keywords; tests/lsp.py checks that
" every one is here), quoted text, amounts, dates, percentages, comments.
if exists('b:current_syntax')
  finish
endif

syn keyword remitDeclaration policy version use tiers kind role const body matter context protocol conflicts precedence
syn keyword remitRule reserve delegate escalate refuse require after limit grant
syn keyword remitClause from to at is as when because within by with of in next over per for members quorum may up report reports record publish notify ratify active never expires interest requires declare refer total
syn keyword remitOperatorWord and or not
syn keyword remitBoolean true false
syn match remitNoLimit "\<no\s\+limit\>"
syn match remitLabel "^\s*\h\w*\ze\s*:\s*\(reserve\|delegate\|escalate\|refuse\|require\|after\|limit\|grant\)\>"
syn match remitMoney "£\d[0-9,]*\(\.\d\+\)\=\(k\|m\|bn\)\=\>"
syn match remitDate "\<\d\{4}-\d\d-\d\d\>"
syn match remitPercent "\<\d\+\(\.\d\+\)\=%"
syn match remitNumber "\<\d\+\>"
syn region remitString start=+"+ skip=+\\\\\|\\"+ end=+"\|$+ contains=remitEscape
syn match remitEscape +\\[\\"nt]+ contained
syn match remitComment "#.*$" contains=@Spell

hi def link remitDeclaration Structure
hi def link remitRule Statement
hi def link remitClause Keyword
hi def link remitOperatorWord Operator
hi def link remitBoolean Boolean
hi def link remitNoLimit Keyword
hi def link remitLabel Label
hi def link remitMoney Number
hi def link remitDate Constant
hi def link remitPercent Number
hi def link remitNumber Number
hi def link remitString String
hi def link remitEscape SpecialChar
hi def link remitComment Comment

let b:current_syntax = 'remit'
