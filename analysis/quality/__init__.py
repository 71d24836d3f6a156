"""Quality of the library's images: analyze-quality and its siblings, stored reports, kept scores.

The measures themselves are Django-free, in ``analysis.engine.quality``.
"""
