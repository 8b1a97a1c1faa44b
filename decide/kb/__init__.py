"""The knowledge base: entry models (`schema`), the property vocabulary (`properties`), the loader
that reads `knowledge/` folders and overlays, the frozen lookup index the cell model and rules use,
and the networkx graph for export and figures.

Nothing is imported here, so importing one module (the property vocabulary, say) does not load the
whole base.
"""
