"""The rule engine: rules are data (`rules/*.yaml`), validated by pydantic models (`schema` for the
record, `grammar` for conditions and operands), checked against the fact and function registries
(`check`, with `fields`, `functions` and `kinds`), compiled once to closures (`conditions`) and
evaluated on the facts of one design (`engine`) or of many design points at once (`vector`).

Nothing is imported here, so the vocabulary modules stay cheap to import on their own.
"""
