"""End-to-end tests of `dinaction lsp` through a real LSP client (pytest-lsp) over stdio."""
