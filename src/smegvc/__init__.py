"""smegvc: the code of the report on SMEs in global value chains (Korea and Taiwan).

Layers, lowest first: scope, errors, paths, atomic, tracking -> io -> evidence -> engine -> catalog ->
report -> build (README.md, Layout; enforced by tests/test_layout.py). sphinxext stands apart.
"""
