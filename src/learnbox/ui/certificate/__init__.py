"""The learner's certificates in the desktop app: the list dialog (view.py) and the PDF printout (pdf.py)."""
