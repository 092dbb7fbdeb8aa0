"""Qt-free analyses of a report's text: completeness of the statutory parts, unit and year."""
