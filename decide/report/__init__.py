"""Reports: view models that present library results, rendered by Jinja2 and WeasyPrint.

Nothing here computes domain numbers; view models call the library and format what it returns.
Importing this package is cheap: Jinja2, matplotlib and WeasyPrint load only when a report renders.
"""
