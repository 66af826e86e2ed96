"""The command line: ``cnnviz`` (GUI) and ``cnnviz <subcommand>`` (scriptable tools)."""
