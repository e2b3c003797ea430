" editors/vim/ftdetect/remit.vim - *.remit files are Remit policies
autocmd BufRead,BufNewFile *.remit setfiletype remit
