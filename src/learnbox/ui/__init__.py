"""The desktop UI (Qt Widgets). The only package, with ``app.py``, that imports Qt.

Screens call :mod:`learnbox.services` for everything (no SQL, no HTTP, no grading here). Every
widget that shows text implements ``retranslate()`` so a language switch re-sets texts in place.
"""
