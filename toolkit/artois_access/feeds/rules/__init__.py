"""Validation rules. Each module holds the rules about one subject; each rule is a function
``check_*(feed, ...) -> list[Finding]``."""
