"""Streamlit wiring shared by app.py and pages/: caching, sidebar filters, footer, errors.

This is the only package besides app.py and pages/ that imports streamlit.
"""
