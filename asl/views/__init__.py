"""Ways to look at machines and executions: text tables, SVG/HTML pictures, Jupyter."""
