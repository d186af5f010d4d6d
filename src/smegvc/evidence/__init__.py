"""Published SME statistics, the firm-size shares derived from them, and the case-study facts."""
