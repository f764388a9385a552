"""Hostile files and trees: FIFOs, dangling links, unreadable directories, links and special files
under `--fix` and `format`, file names no terminal or CI log should get raw, huge files, killed
runs, ignore files and routes files in a walk. Each test runs the installed `dinaction` script in
a real subprocess over a real tree."""
