"""Directive assistant: answers questions about Vietnamese government directives by quoting
them, with citations (`python -m bot`, or the `directive-bot` command once installed)."""
