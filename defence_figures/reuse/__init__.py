"""The explorer's checks in the formats that fact-checkers, annotators, data tools and reference managers read."""
