"""CSV that a spreadsheet shows and never runs: cells that would start a formula are made inert."""

import csv

# What makes Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP, "CSV
# Injection"): =, +, - and @, and a leading tab or carriage return, which some strip first.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(cell):
    """``cell`` as a spreadsheet shows it without evaluating it: text that starts like a formula
    gets a leading apostrophe, which spreadsheets take as "this is text" and do not display.
    Numbers are left alone (they are written by the archive, never read from an article)."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


class InertWriter:
    """``csv.writer`` whose rows are passed through ``inert`` cell by cell."""

    def __init__(self, target, **options):
        self._writer = csv.writer(target, **options)

    def writerow(self, row):
        return self._writer.writerow([inert(cell) for cell in row])
