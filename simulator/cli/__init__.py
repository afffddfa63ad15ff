"""The `cockpit-sim` command line: `main.py` is the entry point, one module per subcommand."""
