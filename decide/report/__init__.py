"""Reports: view models that present library results, rendered by Jinja2 and WeasyPrint.

Nothing here computes domain numbers or walks the knowledge graph: `report.run` obtains the
Assessment (`decide.assessment`) and the report's outlook (`decide.outlook`) and hands them to the
builders, which select, format, draw and cite. Importing this package is cheap: Jinja2,
matplotlib and WeasyPrint load only when a report renders.
"""
