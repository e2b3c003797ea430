" editors/vim/ftplugin/remit.vim - Remit policies: # comments, blocks of
" 4 spaces, and gq (or =) through `remit fmt -` (SPEC.md 11.11)
if exists('b:did_ftplugin')
  finish
endif
let b:did_ftplugin = 1
setlocal commentstring=#\ %s comments=:#
setlocal expandtab shiftwidth=4 softtabstop=4
setlocal formatprg=remit\ fmt\ -
let b:undo_ftplugin = 'setlocal commentstring< comments< expandtab< shiftwidth< softtabstop< formatprg<'
