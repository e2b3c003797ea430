// editors/vscode/extension.js - the Remit extension's client: it starts
// `remit lsp` (SPEC 11.12) for *.remit files and hands it to VS Code's
// language client, which gives diagnostics, hover, go to definition,
// completion and formatting (Format Document runs remit fmt).
'use strict';
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(context) {
    const config = vscode.workspace.getConfiguration('remit');
    const args = ['lsp'];
    const stdlib = config.get('stdlib');
    if (stdlib) {
        args.push('--stdlib', stdlib);
    }
    const server = { command: config.get('path') || 'remit', args };
    client = new LanguageClient('remit', 'Remit', { run: server, debug: server }, {
        documentSelector: [{ scheme: 'file', language: 'remit' }, { scheme: 'untitled', language: 'remit' }],
    });
    context.subscriptions.push(client);
    return client.start();
}

function deactivate() {
    return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
